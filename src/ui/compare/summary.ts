import { format } from 'd3';
import type { Verdict } from '../../protocol/messages.ts';
import { fmt, RESOURCE_LABELS, type ResourceId } from '../theme.ts';

/**
 * The summary table's figures for one lane and how they are written, with the difference
 * against the baseline. Every figure is null until the lane has one, and null prints
 * "—", never 0.
 */
export interface SummaryFigures {
  /** Goodput over all ports, TX + RX, Mbit/s. */
  throughputMbps: number | null;
  /** Host CPU utilisation, a fraction 0–1. */
  cpu: number | null;
  cpuCopiesPerByte: number | null;
  memoryBusBytesPerByte: number | null;
  pciBytesPerByte: number | null;
  /** Peak card memory in use since t = 0, bytes. */
  cardMemoryPeak: number | null;
  bottleneck: Verdict['bottleneck'] | null;
  /** The bottleneck resource's utilisation, a fraction (null for the TCP window and none). */
  bottleneckUtilisation: number | null;
}

export const EMPTY_FIGURES: SummaryFigures = {
  throughputMbps: null,
  cpu: null,
  cpuCopiesPerByte: null,
  memoryBusBytesPerByte: null,
  pciBytesPerByte: null,
  cardMemoryPeak: null,
  bottleneck: null,
  bottleneckUtilisation: null,
};

const finite = (v: number | null | undefined): number | null =>
  v !== null && v !== undefined && Number.isFinite(v) ? v : null;

export function figuresOf(
  verdict: Verdict | null,
  throughputMbps: number | null,
  cardMemoryPeak: number | null,
): SummaryFigures {
  if (!verdict) return { ...EMPTY_FIGURES, throughputMbps: finite(throughputMbps), cardMemoryPeak };
  const b = verdict.bottleneck;
  const utilisation =
    b === 'none' || b === 'tcp-window'
      ? null
      : finite(verdict.utilisation[b as keyof Verdict['utilisation']]);
  return {
    throughputMbps: finite(throughputMbps),
    cpu: finite(verdict.utilisation['host-cpu']),
    cpuCopiesPerByte: finite(verdict.copies.cpuCopiesPerByte),
    memoryBusBytesPerByte: finite(verdict.copies.memoryBusBytesPerByte),
    pciBytesPerByte: finite(verdict.copies.pciBytesPerByte),
    cardMemoryPeak: finite(cardMemoryPeak),
    bottleneck: b,
    bottleneckUtilisation: utilisation,
  };
}

/** A numeric column of the table: its header, how a value and a difference are written. */
export interface SummaryColumn {
  key: Exclude<keyof SummaryFigures, 'bottleneck' | 'bottleneckUtilisation'>;
  header: string;
  value(v: number): string;
  delta(d: number): string;
}

const DASH = '—';
const f1 = format(',.1f');
const f2 = format(',.2f');
/** A signed format that writes a value rounding to zero as "±0.0", not "−0.0". */
function signed(specifier: string): (v: number) => string {
  const f = format(specifier);
  return (v) => {
    const text = f(v);
    return /^[−+-][0.,]+$/.test(text) ? `±${text.slice(1)}` : text;
  };
}

const signed1 = signed('+,.1f');
const signed2 = signed('+,.2f');

/** Bytes with SI prefixes and a sign: "+980 kB", "−1.05 MB", "±0 B". */
function signedBytes(d: number): string {
  if (d === 0) return '±0 B';
  const text = fmt.bytes(Math.abs(d));
  return `${d > 0 ? '+' : '−'}${text}`;
}

/** "+1.75 Gbit/s" from a thousand Mbit/s up, else "+62.3 Mbit/s". */
function signedRate(d: number): string {
  if (Math.abs(d) >= 1000) return `${signed2(d / 1000)} Gbit/s`;
  return `${signed1(d)} Mbit/s`;
}

export const SUMMARY_COLUMNS: readonly SummaryColumn[] = [
  { key: 'throughputMbps', header: 'Throughput (Mbit/s)', value: f1, delta: signedRate },
  {
    key: 'cpu',
    header: 'CPU utilisation (%)',
    value: (v) => f1(v * 100),
    delta: (d) => `${signed1(d * 100)} pp`,
  },
  { key: 'cpuCopiesPerByte', header: 'CPU copies/B', value: f2, delta: signed2 },
  { key: 'memoryBusBytesPerByte', header: 'Memory-bus B/B', value: f2, delta: signed2 },
  { key: 'pciBytesPerByte', header: 'PCI-X B/B', value: f2, delta: signed2 },
  { key: 'cardMemoryPeak', header: 'Card memory (peak)', value: fmt.bytes, delta: signedBytes },
];

/** A cell's text, "—" when there is no value. */
export function cellText(column: SummaryColumn, v: number | null): string {
  return v === null ? DASH : column.value(v);
}

/** The difference against the baseline in words, or null when either side has no value. */
export function deltaText(
  column: SummaryColumn,
  v: number | null,
  baseline: number | null,
): string | null {
  if (v === null || baseline === null) return null;
  return column.delta(v - baseline);
}

/** "host CPU 100 %", "wire 100 %", "TCP window", "none (demand is met)", or "—". */
export function bottleneckText(figures: SummaryFigures): string {
  const b = figures.bottleneck;
  if (b === null) return DASH;
  if (b === 'none') return 'none (demand is met)';
  const u = figures.bottleneckUtilisation;
  return u === null ? RESOURCE_LABELS[b] : `${RESOURCE_LABELS[b]} ${fmt.percent(u)}`;
}

/** The bottleneck's resource, for its colour (null for none or no verdict yet). */
export function bottleneckResource(figures: SummaryFigures): ResourceId | null {
  const b = figures.bottleneck;
  return b === null || b === 'none' ? null : b;
}

/** A difference chart's legend format: signed, in the unit, "—" when there is none. */
export function signedFormat(unit: string): (v: number | null | undefined) => string {
  const write = (v: number): string => {
    switch (unit) {
      case 'Mbit/s':
        return signedRate(v);
      case 'pp':
        return `${signed1(v)} pp`;
      case 'B':
      case 'bytes':
        return signedBytes(v);
      default:
        return `${signed2(v)} ${unit}`.trimEnd();
    }
  };
  return (v) => (v === null || v === undefined || !Number.isFinite(v) ? DASH : write(v));
}
