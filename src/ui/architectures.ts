/** One line per architecture (DESIGN.md §2), shown wherever an architecture is picked. */
export const ARCHITECTURE_SUMMARIES = [
  {
    id: 'host-stack',
    title: 'Host stack',
    summary: 'Linux 2.4 with a plain gigabit NIC: the CPU copies, checksums and segments.',
  },
  {
    id: 'csum-tso',
    title: 'Checksum + TSO',
    summary: 'What Linux adopted: the card checksums and cuts 64 KB super-segments.',
  },
  {
    id: 'full-toe',
    title: 'Full TOE',
    summary: 'Complete TCP offload: the card runs TCP and keeps shadow ARP and route entries.',
  },
  {
    id: 'card-window',
    title: 'Window on the card',
    summary: 'The host keeps TCP control; the window lives in card memory, TSO works from it.',
  },
  {
    id: 'rx-direct-placement',
    title: 'RX direct placement',
    summary: 'The card classifies and reassembles received data straight into user buffers.',
  },
] as const;
