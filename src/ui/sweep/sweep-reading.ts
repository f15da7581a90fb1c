import type { Bottleneck } from '../../protocol/sweep-messages.ts';
import { fmt } from '../theme.ts';

/**
 * "Where offload pays" (DESIGN.md Q6; Mogul 2003, "TCP offload is a dumb idea whose time
 * has come"; Shivam & Chase 2003, LAWS): for each value of the swept parameter, which
 * architecture delivers the most and how that compares with the baseline (host-stack),
 * in goodput and in CPU. Computed from the finished points, never typed in.
 */

export interface ReadingPoint {
  architecture: string;
  goodputMbps: number;
  cpuUtilization: number | null;
  bottleneck: Bottleneck | null;
}

export interface ReadingGroup {
  /** The value in words: "1 GHz", "bus pci-66". */
  label: string;
  points: readonly ReadingPoint[];
}

/** Goodputs within this fraction of each other are the same result. */
export const SAME_GOODPUT = 0.02;

const LIMITED: Readonly<Record<Bottleneck, string>> = {
  wire: 'wire-limited',
  'host-cpu': 'CPU-limited',
  'memory-bus': 'memory-bus-limited',
  'pci-bus': 'PCI-X-limited',
  'nic-dma': 'card-DMA-limited',
  'nic-engine': 'card-engine-limited',
  'card-memory': 'card-memory-limited',
  'tcp-window': 'window-limited',
  none: 'application-limited',
};

function limited(bottleneck: Bottleneck | null): string {
  return bottleneck === null ? 'limit unknown' : LIMITED[bottleneck];
}

/** "2.1×", "12×"; near 1 with two decimals ("1.03×"), so a small gain is not "1.0×". */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '∞×';
  const digits = ratio >= 10 ? 0 : Math.abs(ratio - 1) < 0.1 ? 2 : 1;
  return `${ratio.toFixed(digits)}×`;
}

const mbps = (v: number) => fmt.count(v);
const cpu = (v: number | null) => fmt.percent(v);

function sameGoodput(a: number, b: number): boolean {
  return Math.abs(a - b) <= SAME_GOODPUT * Math.max(a, b);
}

/**
 * The winner: the most goodput; among results within SAME_GOODPUT of it, the one that
 * needs the least host CPU (what offload buys once the wire is full).
 */
export function winnerOf(points: readonly ReadingPoint[]): ReadingPoint | undefined {
  const best = Math.max(...points.map((p) => p.goodputMbps));
  const tied = points.filter((p) => sameGoodput(p.goodputMbps, best));
  return tied.reduce<ReadingPoint | undefined>(
    (w, p) => (w === undefined || (p.cpuUtilization ?? 1) < (w.cpuUtilization ?? 1) ? p : w),
    undefined,
  );
}

/** Why both are where they are: "both wire-limited" or "host-stack CPU-limited, full-toe wire-limited". */
function limits(a: ReadingPoint, b: ReadingPoint): string {
  if (a.bottleneck === b.bottleneck) return `both ${limited(a.bottleneck)}`;
  return `${a.architecture} ${limited(a.bottleneck)}, ${b.architecture} ${limited(b.bottleneck)}`;
}

/** One sentence for one value of the parameter. */
export function readingLine(group: ReadingGroup, baselineId: string): string {
  const at = `at ${group.label}`;
  const base = group.points.find((p) => p.architecture === baselineId);
  const winner = winnerOf(group.points);
  if (!winner) return `${at}: no finished runs`;
  if (!base) {
    return `${at}: ${winner.architecture} delivers the most (${mbps(winner.goodputMbps)} Mbit/s, ${limited(winner.bottleneck)}); ${baselineId} has no result to compare with`;
  }
  if (group.points.length === 1) {
    return `${at}: only ${baselineId} has finished (${mbps(base.goodputMbps)} Mbit/s, CPU ${cpu(base.cpuUtilization)}, ${limited(base.bottleneck)})`;
  }
  if (winner === base) {
    const others = group.points.filter((p) => p !== base);
    const runnerUp = others.reduce((r, p) => (p.goodputMbps > r.goodputMbps ? p : r));
    const ratio = base.goodputMbps > 0 ? runnerUp.goodputMbps / base.goodputMbps : Infinity;
    return `${at} offload does not pay: ${baselineId} does as well as any (${mbps(base.goodputMbps)} Mbit/s, CPU ${cpu(base.cpuUtilization)}); the best offload, ${runnerUp.architecture}, reaches ${formatRatio(ratio)} (${limits(base, runnerUp)})`;
  }
  const ratio = base.goodputMbps > 0 ? winner.goodputMbps / base.goodputMbps : Infinity;
  if (!sameGoodput(winner.goodputMbps, base.goodputMbps)) {
    return `${at} ${winner.architecture} delivers ${formatRatio(ratio)} ${baselineId}'s goodput: ${mbps(winner.goodputMbps)} vs ${mbps(base.goodputMbps)} Mbit/s, CPU ${cpu(winner.cpuUtilization)} vs ${cpu(base.cpuUtilization)} (${limits(base, winner)})`;
  }
  return `${at} ${formatRatio(ratio)} (${limits(base, winner)}): ${winner.architecture} matches ${baselineId}'s ${mbps(base.goodputMbps)} Mbit/s with CPU ${cpu(winner.cpuUtilization)} instead of ${cpu(base.cpuUtilization)}`;
}

/** One line per value, in the order given (ascending x). */
export function offloadReading(groups: readonly ReadingGroup[], baselineId: string): string[] {
  return groups.filter((g) => g.points.length > 0).map((g) => readingLine(g, baselineId));
}
