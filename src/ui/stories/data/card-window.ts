import type { Architecture, ScenarioInput } from '../../../protocol/scenario.ts';
import type { Story } from '../story-types.ts';
import { fromPreset } from './scenarios.ts';

/**
 * Story 4 (issue 6): the compromise — the TCP window on the card while the host keeps
 * TCP — against full offload and what Linux adopted, on the same 4-port send (Q1–Q3).
 */
function fourPorts(architecture: Architecture): ScenarioInput {
  return fromPreset('4x1g-bulk-send', {
    name: `4 × 1 GbE bulk send, ${architecture}`,
    architecture,
  });
}

export const cardWindow: Story = {
  id: 'card-window',
  title: 'The compromise: the TCP window on the card',
  question:
    'Can the card hold the send window — no copy, wire speed — while the host keeps control of TCP?',
  steps: [
    {
      title: 'csum-tso: what Linux adopted',
      scenario: fourPorts('csum-tso'),
      panels: ['data-path', 'copies', 'cpu'],
      speed: 'max',
      text: [
        'Four gigabit ports sending, with checksum offload and TSO. The host keeps all of TCP and copies every byte once ({copies}); the CPU is at {cpu} and goodput is {goodput} of {wireLimit}.',
        [
          {
            when: 'bottleneck',
            is: ['host-cpu'],
            then: 'The host CPU is the bottleneck, and the copy is {copyShare} of its time.',
            else: 'The bottleneck is the {bottleneck}; the copy is {copyShare} of the CPU’s time.',
          },
        ],
      ],
    },
    {
      title: 'full-toe: everything on the card',
      scenario: fourPorts('full-toe'),
      panels: ['data-path', 'copies', 'window'],
      speed: 'max',
      text: [
        'Complete offload: the card runs TCP and fetches the payload from the application’s pinned pages. Copies are {copies}, the CPU is at {cpu}, goodput is {goodput} and the bottleneck is the {bottleneck}.',
        'The price is everything that moved: the windows live in card memory ({cardMem} now), the card needs its own copies of ARP entries and routes (the ARP walkthrough), and the host’s packet filter and packet capture no longer see the traffic.',
      ],
    },
    {
      title: 'card-window: the window on the card, TCP on the host',
      scenario: fourPorts('card-window'),
      panels: ['window', 'data-path', 'cpu'],
      speed: 'max',
      text: [
        'The compromise: the host keeps TCP — state, congestion window, timers, ACK processing — and sees every header, but the window’s bytes live on the card. The card fetches the user pages into card memory once, cuts segments from there (TSO) and retransmits from there without crossing the bus again.',
        'Copies are {copies} and goodput is {goodput}, with the {bottleneck} as the bottleneck — like full-toe. The CPU is at {cpu}: the per-packet protocol work stays on the host ({protocolShare} of the busy time), the copy is gone. The card holds {cardMem} of send window (the window chart).',
      ],
    },
    {
      title: 'How much card memory the windows need',
      scenario: fromPreset('4x1g-bulk-send', {
        name: '4 × 1 GbE bulk send, card-window, 8 connections per port, 4 MB card',
        architecture: 'card-window',
        nic: { cardMemoryMB: 4 },
        workload: { kind: 'bulk-send', connectionsPerPort: 8 },
      }),
      panels: ['window', 'copies', 'log'],
      speed: 'max',
      text: [
        'Card memory has to hold every offloaded connection’s windows: bandwidth × delay × connections, and at least the socket buffers the host promised. Here each connection reserves {windowReserve} (send and receive buffer) and the card has {cardMemory}.',
        'Of {connections} connections, {offloaded} fit; {fallbacks} fell back to the host stack (the event log lists them). Those are copied again: the copies rise to {copies}, the CPU is at {cpu}, goodput is {goodput} and the bottleneck is the {bottleneck}.',
      ],
    },
    {
      title: 'The three side by side',
      scenario: fourPorts('card-window'),
      panels: ['data-path', 'copies'],
      speed: 'max',
      text: [
        'Back to the four-port send with the window on the card: copies {copies}, CPU {cpu}, goodput {goodput}, card memory {cardMem}.',
        'csum-tso copies every byte and runs out of CPU; full-toe frees the CPU but takes TCP, ARP and the filter away from the host; card-window removes the copy and the re-crossing of the bus, and leaves control with the host for a modest amount of card memory. The compare view runs all three on this scenario at once, with csum-tso as the baseline.',
      ],
      action: {
        kind: 'compare',
        label: 'Compare these three side by side',
        architectures: ['csum-tso', 'full-toe', 'card-window'],
        baseline: 'csum-tso',
      },
    },
  ],
};
