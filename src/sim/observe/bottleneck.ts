import type { Bottleneck } from '../metrics/results.ts';

/** Utilisation of each resource over the measured half (0–1; wire per busiest direction). */
export type Utilisations = Record<Exclude<Bottleneck, 'tcp-window' | 'none'>, number>;

/** A resource this busy is saturated: work queues behind it. */
export const SATURATED = 0.9;
/** Senders window-blocked for more than this share of the samples are window-limited. */
export const WINDOW_LIMITED = 0.5;

/**
 * The resource that limits throughput: the busiest saturated one; failing that, the TCP
 * window when senders spend most of their time blocked by it; else `none` (the
 * application is the limit — request/response, a finite transfer).
 */
export function decideBottleneck(
  u: Utilisations,
  windowLimitedShare: number,
  cpuMemoryStall = 0,
): Bottleneck {
  let best: Bottleneck = 'none';
  let bestU = SATURATED;
  // A CPU that is busy mostly waiting for the memory bus is limited by the memory bus,
  // however much bus time is booked: its stall counts for the bus, its cycles for itself.
  const scores = { ...u };
  const compute = u['host-cpu'] - cpuMemoryStall;
  if (cpuMemoryStall > compute) {
    scores['memory-bus'] = Math.max(scores['memory-bus'], u['host-cpu']);
    scores['host-cpu'] = compute;
  }
  for (const [resource, value] of Object.entries(scores) as [keyof Utilisations, number][]) {
    if (value >= bestU) {
      best = resource;
      bestU = value;
    }
  }
  if (best !== 'none') return best;
  return windowLimitedShare > WINDOW_LIMITED ? 'tcp-window' : 'none';
}
