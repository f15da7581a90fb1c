import { interpolateYlOrRd } from 'd3';
import { fmt, RESOURCE_LABELS } from '../theme.ts';
import type { ResourceId } from '../theme.ts';

/** Utilisation per resource as a fraction 0–1; null or absent = not modelled yet. */
export type Utilisation = Partial<Record<ResourceId, number | null>>;

/** The results JSON's `bottleneck` values (DESIGN.md §6). */
export type BottleneckId = ResourceId | 'none';

/** Lightness falls monotonically along YlOrRd, so the scale still reads in grey. */
export function utilisationColor(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '#eceef1';
  const t = Math.min(1, Math.max(0, fraction));
  return interpolateYlOrRd(0.04 + 0.9 * t);
}

/** Ink that stays readable on `utilisationColor(fraction)`. */
export function utilisationInk(fraction: number | null | undefined): string {
  return fraction !== null && fraction !== undefined && fraction > 0.62 ? '#ffffff' : '#1d1d1f';
}

/** The most utilised modelled resource, or null when none is modelled. */
export function busiestResource(u: Utilisation): { id: ResourceId; value: number } | null {
  let best: { id: ResourceId; value: number } | null = null;
  for (const [id, value] of Object.entries(u) as [ResourceId, number | null | undefined][]) {
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    if (best === null || value > best.value) best = { id, value };
  }
  return best;
}

/**
 * The bottleneck sentence: the simulator's verdict when it gives one, else the busiest
 * resource; "not modelled yet" when there is neither.
 */
export function bottleneckText(
  bottleneck: BottleneckId | null | undefined,
  u: Utilisation | null,
): { id: BottleneckId | null; text: string } {
  if (bottleneck === 'none') return { id: 'none', text: 'Bottleneck: none (demand is met)' };
  const id = bottleneck ?? (u ? busiestResource(u)?.id : undefined) ?? null;
  if (id === null) return { id: null, text: 'Bottleneck: not modelled yet' };
  const value = u?.[id];
  const pct = value === null || value === undefined ? '' : ` ${fmt.percent(value)}`;
  return { id, text: `BOTTLENECK: ${RESOURCE_LABELS[id]}${pct}` };
}
