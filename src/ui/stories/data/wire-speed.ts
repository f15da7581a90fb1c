import type { Story } from '../story-types.ts';
import { fromPreset } from './scenarios.ts';

/**
 * Story 1 (issue 6): why gigabit wire speed is hard for a 2002 host — the copy and the
 * per-packet cost of the Linux 2.4 stack (DESIGN.md §7 R2, R3, R5); and (issue 14) UDP,
 * the other half of the overhead question: a packet without windows or ACKs.
 */
export const wireSpeed: Story = {
  id: 'wire-speed',
  title: 'Why gigabit wire speed is hard for a 2002 host',
  question:
    'What does the Linux 2.4 stack spend on each byte it sends, and when does the CPU run out?',
  steps: [
    {
      title: 'One port: the wire is the limit',
      scenario: fromPreset('1x1g-bulk-send'),
      panels: ['data-path', 'copies'],
      speed: 1,
      text: [
        'Linux 2.4 with a plain gigabit NIC sends one TCP stream on one port. Goodput is {goodput} of the {wireLimit} the wire can carry with {mtu} frames, and the {cpuGhz} CPU is {cpu} busy.',
        [
          {
            when: 'bottleneck',
            is: ['wire'],
            then: 'The bottleneck is the {bottleneck}: one port does not exhaust this CPU.',
            else: 'The bottleneck is the {bottleneck}.',
          },
        ],
        'Look at the copy ledger: each payload byte costs {copies}. send() copies it from the application into a kernel buffer, checksumming on the way; the copy reads the source, reads the destination line for ownership and writes it back, then the NIC fetches the byte by DMA. That is {memBytes} of memory-bus traffic per payload byte (Balaji et al. measured 3–4).',
      ],
    },
    {
      title: 'Four ports: the CPU runs out',
      scenario: fromPreset('4x1g-bulk-send'),
      panels: ['data-path', 'cpu', 'throughput'],
      speed: 'max',
      text: [
        'The same stack on four ports, one stream each. The CPU is at {cpu}, and the four streams together get {goodput}: {goodputShare} of the {wireLimit} the wires could carry.',
        [
          {
            when: 'bottleneck',
            is: ['host-cpu'],
            then: 'The data path names the host CPU as the bottleneck: the wires wait for it.',
            else: 'The data path names the {bottleneck} as the bottleneck.',
          },
        ],
        'Where the cycles go (the CPU chart): copying is {copyShare} of the busy time and the checksum fused into it {checksumShare}; per-packet protocol work — TCP, IP and the driver, once per {mss} segment and once per ACK — is {protocolShare}. Each payload byte takes {cyclesPerByte} of CPU time (busy cycles, waits for the memory bus included).',
      ],
    },
    {
      title: 'A 1 GHz CPU: a gigahertz per gigabit',
      scenario: fromPreset('1x1g-bulk-send', {
        name: '1 × 1 GbE bulk receive, 1 GHz CPU',
        host: { cpuGhz: 1 },
        workload: { kind: 'bulk-receive', connectionsPerPort: 1 },
      }),
      panels: ['cpu', 'throughput'],
      speed: 1,
      text: [
        'Now one port receiving, on a {cpuGhz} CPU. The CPU is at {cpu} and goodput is {goodput} of {wireLimit}.',
        'This stack needs {ghzPerGbps} of payload. Foong et al. (ISPASS 2003) measured about 1 GHz per Gbit/s for Linux 2.4, receive costing more than send: the receive copy reads data the NIC has just written, so it misses the cache.',
        [
          {
            when: 'bottleneck',
            is: ['host-cpu'],
            then: 'The bottleneck is the host CPU: a 1 GHz host cannot fill one gigabit wire.',
            else: 'The bottleneck is the {bottleneck}.',
          },
        ],
      ],
    },
    {
      title: 'Checksum offload and TSO: the per-packet cost falls',
      scenario: fromPreset('4x1g-bulk-send', {
        name: '4 × 1 GbE bulk send, csum + TSO',
        architecture: 'csum-tso',
      }),
      panels: ['cpu', 'copies', 'throughput'],
      speed: 'max',
      text: [
        'Back to four ports at {cpuGhz}, but the card now checksums and cuts super-segments of up to 64 KB into frames (TSO) — what Linux adopted in 2002. The host runs TCP and IP once per super-segment instead of once per frame: protocol work is down to {protocolShare} of the busy time, and a payload byte takes {cyclesPerByte} of CPU time (step 2 showed the host stack’s figure).',
        'Goodput rises to {goodput} ({goodputShare} of the wires).',
        [
          {
            when: 'bottleneck',
            is: ['wire'],
            then: 'The wires are the limit now, but with little to spare: the CPU is at {cpu}. Every byte is still copied once ({copies}), and that copy is now {copyShare} of the CPU’s time; the memory bus it shares with the NIC’s DMA is {membus} busy. A fifth port, or a 10 GbE link, would make the CPU the limit again. The copy is what is left; the other walkthroughs take it away.',
            else: 'Yet the {bottleneck} is the limit, with the CPU at {cpu}: every byte is still copied once ({copies}), and that copy is now {copyShare} of the CPU’s time; the memory bus is {membus} busy. The copy is what is left; the other walkthroughs take it away.',
          },
        ],
      ],
    },
    {
      title: 'UDP: no window, no ACKs — what a packet costs',
      scenario: fromPreset('1x1g-udp-stream'),
      panels: ['cpu', 'throughput', 'drops'],
      speed: 1,
      // The TCP twin is measured headless from 100 to 300 ms of simulated time.
      settleMs: 300,
      text: [
        'The same host stack sends UDP instead: netperf UDP_STREAM, {mtu} frames each carrying one whole datagram. Goodput is {goodput} of the {wireLimit} UDP can carry, and the CPU is {cpu} busy.',
        'Each datagram costs the host {cyclesPerPacket}. The same scenario sending TCP — run headless alongside, same host, same card — costs {tcpCyclesPerSegment} per segment, the ACKs it must process included. UDP keeps no window, sets no timers and gets no ACKs; what it pays instead is a system call per datagram ({syscallShare} of its busy time), where a TCP writer hands the socket a large buffer at a time.',
        [
          {
            when: 'bottleneck',
            is: ['wire'],
            then: 'The wire is the limit, and nothing is dropped (the drops chart stays empty). The copy is the same as TCP’s: {copies}.',
            else: 'The {bottleneck} is the limit. The copy is the same as TCP’s: {copies}.',
          },
        ],
        'What does not help UDP in 2002: TSO cuts TCP streams only, and Linux 2.4 computes the UDP checksum while it copies the data in, whatever the card could do — choose csum-tso and this figure does not move. UDP fragmentation offload came later (Linux 2.6.15, January 2006).',
      ],
    },
  ],
};
