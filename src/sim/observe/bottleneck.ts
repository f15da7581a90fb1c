import type { Costs } from '../costs/cost-table.ts';
import type { Bottleneck } from '../metrics/results.ts';
import type { Scenario } from '../scenario/schema.ts';

/** A resource the verdict can name (everything but tcp-window and none). */
export type Resource = Exclude<Bottleneck, 'tcp-window' | 'none'>;

/** Utilisation of each resource over an interval (0–1; wire per busiest direction). */
export type Utilisations = Record<Resource, number>;

export const RESOURCES: readonly Resource[] = [
  'wire',
  'host-cpu',
  'memory-bus',
  'pci-bus',
  'nic-dma',
  'nic-engine',
  'card-memory',
];

/**
 * A shared bus and the servers whose busy time includes waiting for it: a core stalled on
 * the memory bus is busy, a DMA engine waiting for its turn on PCI-X is busy.
 */
export const WAITS_ON: Readonly<Partial<Record<Resource, Resource>>> = {
  'host-cpu': 'memory-bus',
  'nic-dma': 'pci-bus',
};

/** What the live rule needs from the cost table. */
export type VerdictParameters = Pick<
  Costs,
  'saturatedUtilisation' | 'windowLimitedShare' | 'windowQueueUtilisation'
>;

/** The bulk senders' window against the bandwidth-delay product of the empty path. */
export interface WindowFacts {
  /** The window a sender can use: the smaller of its send and the peer's receive buffer. */
  windowBytes: number;
  /** Line rate × the link's own round trip: what the window must cover with empty queues. */
  unloadedBdpBytes: number;
}

export function windowFacts(s: Scenario): WindowFacts {
  return {
    windowBytes: Math.min(s.tcp.sendBufferKB, s.tcp.recvBufferKB) * 1024,
    unloadedBdpBytes: (s.nic.portSpeedMbps * 1e6 * (s.link.rttUs / 1e6)) / 8,
  };
}

/**
 * The live badge's rule (the results' verdict comes from the what-if check,
 * bottleneck-check.ts; a test checks the two agree on every preset):
 * 1. the busiest resource past `saturatedUtilisation` — a saturated shared bus before the
 *    cores or DMA engines that wait on it;
 * 2. else, when senders spend most of the interval blocked by a window: `tcp-window` if
 *    the window cannot cover the empty path's BDP; otherwise the window's data is waiting
 *    in a queue (each direction's ACKs behind the other's data, say), and the busiest
 *    resource is named if it is at least `windowQueueUtilisation` busy;
 * 3. else `none` (the application is the limit — request/response, a finite transfer).
 */
export function decideBottleneck(
  u: Utilisations,
  windowLimitedShare: number,
  window: WindowFacts,
  p: VerdictParameters,
): Bottleneck {
  const saturated = RESOURCES.filter((r) => u[r] >= p.saturatedUtilisation);
  const named = saturated.filter((r) => {
    const bus = WAITS_ON[r];
    return bus === undefined || !saturated.includes(bus);
  });
  const busiest = (among: readonly Resource[]): Resource | null =>
    among.reduce<Resource | null>((best, r) => (best === null || u[r] > u[best] ? r : best), null);
  const first = busiest(named);
  if (first !== null) return first;
  if (windowLimitedShare > p.windowLimitedShare) {
    if (window.windowBytes < window.unloadedBdpBytes) return 'tcp-window';
    const queued = busiest(RESOURCES);
    if (queued !== null && u[queued] >= p.windowQueueUtilisation) return queued;
  }
  return 'none';
}
