import type { Bottleneck } from './results.ts';

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
export function decideBottleneck(u: Utilisations, windowLimitedShare: number): Bottleneck {
  let best: Bottleneck = 'none';
  let bestU = SATURATED;
  for (const [resource, value] of Object.entries(u) as [keyof Utilisations, number][]) {
    if (value >= bestU) {
      best = resource;
      bestU = value;
    }
  }
  if (best !== 'none') return best;
  return windowLimitedShare > WINDOW_LIMITED ? 'tcp-window' : 'none';
}
