import type { ScenarioInput } from '../../../protocol/scenario.ts';
import type { Story } from '../story-types.ts';
import { fromPreset } from './scenarios.ts';

/**
 * Story 2 (issue 6): four gigabit ports on one bus — DESIGN.md §7 R4. Two connections
 * each way per port, as in the R4 test (src/sim/model.test.ts): with one, each
 * direction's ACKs queue behind the other's data and the windows hold the load down.
 */
function r4(kind: 'pci-66' | 'pcix-133' | 'pcix-533', name: string): ScenarioInput {
  return fromPreset('4x1g-bidirectional-full-toe-pci66', {
    name,
    bus: { kind },
    workload: { kind: 'bidirectional', connectionsPerPort: 2 },
  });
}

export const pciX: Story = {
  id: 'pci-x-bus',
  title: 'Four ports on one PCI-X bus',
  question: 'Once the CPU no longer touches the data, does the bus between host and card keep up?',
  steps: [
    {
      title: 'Plain 66 MHz PCI: the bus is the limit',
      scenario: r4('pci-66', '4 × 1 GbE full duplex, full TOE, PCI 66'),
      panels: ['data-path', 'resources'],
      speed: 'max',
      text: [
        'Complete TCP offload (full-toe) on four gigabit ports, sending and receiving at once. The card runs TCP and moves the payload straight between the wire and user memory, so the CPU is at {cpu} and the copies are {copies}.',
        'At line rate the wires move {busDemand}, and every payload byte crosses the host bus once; {bus} peaks at {busPeak}. The bus is {pci} busy and goodput is {goodput}: {goodputShare} of what the wires could carry.',
        [
          {
            when: 'bottleneck',
            is: ['pci-bus'],
            then: 'The bottleneck is the PCI bus, not the CPU and not the wire.',
            else: 'In this moment the bottleneck is the {bottleneck}.',
          },
        ],
      ],
    },
    {
      title: 'PCI-X 133: just enough',
      scenario: r4('pcix-133', '4 × 1 GbE full duplex, full TOE, PCI-X 133'),
      panels: ['resources', 'data-path', 'throughput'],
      speed: 'max',
      text: [
        '{bus} doubles the clock: a peak of {busPeak} for the {busDemand} the wires move. Goodput climbs to {goodput} ({goodputShare} of the wires) and the bus is {pci} busy.',
        'A bus never delivers its peak: every burst pays clocks that carry no data (address, attributes, turnaround), and reads are split transactions, cut into bursts no longer than the card’s maximum memory read byte count (MMRBC). The bus moves data {pciEfficiency} of the time it is busy.',
        [
          {
            when: 'bottleneck',
            is: ['pci-bus'],
            then: 'Right now the bus is the bottleneck: there is no headroom left.',
            else: 'The {bottleneck} is the bottleneck, with the bus at {pci}: almost no headroom is left.',
          },
        ],
      ],
    },
    {
      title: 'PCI-X 533 (PCI-X 2.0): the wire again',
      scenario: r4('pcix-533', '4 × 1 GbE full duplex, full TOE, PCI-X 533'),
      panels: ['resources', 'data-path'],
      speed: 'max',
      text: [
        'PCI-X 2.0 runs the same 64-bit bus at 533 MT/s: {busPeak}. The same traffic now keeps the bus only {pci} busy, goodput is {goodput}, and the bottleneck is the {bottleneck}.',
        [
          {
            when: 'engine',
            above: 0.5,
            then: 'The busiest part of the card is now its TCP engine, at {engine}: with the bus out of the way, the card’s own processing is the next limit to watch.',
            else: 'The card’s TCP engine is at {engine}.',
          },
        ],
      ],
    },
  ],
};
