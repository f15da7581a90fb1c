import type { ScenarioInput } from '../../../protocol/scenario.ts';
import type { Story } from '../story-types.ts';
import { fromPreset } from './scenarios.ts';

/**
 * Story 5 (issue 6): receiving straight into user space (rx-direct-placement), and what
 * happens when the application has no buffer posted (`workload.receiveBufferPosted`).
 */
type Changes = Parameters<typeof fromPreset>[1];

function receive(name: string, changes: Changes): ScenarioInput {
  return fromPreset('4x1g-bulk-receive', { name, ...changes });
}

export const directPlacement: Story = {
  id: 'direct-placement',
  title: 'Receiving straight into user space',
  question:
    'Can the card put received payload where the application wants it — and what if the application has not asked yet?',
  steps: [
    {
      title: 'Receiving with csum-tso: the copy stays',
      scenario: receive('4 × 1 GbE bulk receive, csum-tso', { architecture: 'csum-tso' }),
      panels: ['data-path', 'copies', 'cpu'],
      speed: 'max',
      text: [
        'Peers send to the host on four gigabit ports. Checksum offload spares the CPU the checksum, but the kernel still copies every received byte into the application’s buffer: {copies}, {memBytes} over the memory bus.',
        [
          'The CPU is at {cpu}; goodput is {goodput} of {wireLimit}. ',
          {
            when: 'bottleneck',
            is: ['host-cpu'],
            then: 'The host CPU is the bottleneck: copying is {copyShare} of its time, per-packet receive work {protocolShare}.',
            else: 'The bottleneck is the {bottleneck}.',
          },
        ],
      ],
    },
    {
      title: 'Direct placement: no copy',
      scenario: receive('4 × 1 GbE bulk receive, direct placement', {
        architecture: 'rx-direct-placement',
      }),
      panels: ['copies', 'data-path', 'cpu'],
      speed: 'max',
      text: [
        'The card classifies each frame in its flow table, splits the headers from the data, and writes in-order payload straight into the buffer the application has posted with its read. The host’s TCP sees only headers.',
        'Copies are {copies} and the memory bus carries {memBytes} — the DMA alone. The CPU is at {cpu}, goodput is {goodput} and the bottleneck is the {bottleneck}. What the CPU still does is per-packet header work: {protocolShare} of its busy time.',
      ],
    },
    {
      title: 'No buffer posted: nowhere to place',
      scenario: receive('4 × 1 GbE bulk receive, direct placement, no buffer posted', {
        architecture: 'rx-direct-placement',
        workload: { kind: 'bulk-receive', connectionsPerPort: 1, receiveBufferPosted: false },
      }),
      panels: ['copies', 'cpu', 'throughput'],
      speed: 'max',
      text: [
        'Placement needs a buffer posted before the data arrives — a read already waiting, or an asynchronous read. An application that waits in poll() or select() and only then calls read() has posted nothing when a frame reaches the card (this scenario sets workload.receiveBufferPosted to false).',
        [
          'The card has nowhere to put the payload, so every frame takes the normal path: whole frame into a kernel buffer, then a CPU copy on read. Copies are back to {copies}, the CPU is at {cpu} and goodput is {goodput}. ',
          {
            when: 'bottleneck',
            is: ['host-cpu'],
            then: 'The host CPU is the bottleneck again, as in step 1: the hardware is only as good as the application’s reads.',
            else: 'The bottleneck is the {bottleneck}.',
          },
        ],
      ],
    },
    {
      title: 'What is left is per packet',
      scenario: receive('4 × 1 GbE bulk receive, direct placement, MTU 9000', {
        architecture: 'rx-direct-placement',
        link: { mtu: 9000, rttUs: 100, lossRate: 0 },
      }),
      panels: ['cpu', 'throughput'],
      speed: 'max',
      text: [
        'With the copy gone, the CPU’s cost is per packet: headers, interrupts, ACKs. Jumbo {mtu} frames carry {mss} segments, so there are far fewer packets — and headers — per byte.',
        'The CPU drops to {cpu} ({cyclesPerByte}), and goodput is {goodput} of {wireLimit} with the {bottleneck} as the bottleneck.',
      ],
    },
  ],
};
