import { format } from 'd3';

/**
 * One palette for the whole page (DESIGN.md §9): Okabe–Ito, safe for the common kinds of
 * colour blindness (Okabe & Ito 2008, https://jfly.uni-koeln.de/color/). Every chart and
 * panel takes its colours from here, so an architecture or a resource looks the same
 * everywhere.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** The five presets of DESIGN.md §2. Kept here as a type so src/ui needs nothing from src/sim. */
export type ArchitectureId =
  'host-stack' | 'csum-tso' | 'full-toe' | 'card-window' | 'rx-direct-placement';

export const ARCHITECTURE_IDS: readonly ArchitectureId[] = [
  'host-stack',
  'csum-tso',
  'full-toe',
  'card-window',
  'rx-direct-placement',
];

export const ARCHITECTURE_COLORS: Readonly<Record<ArchitectureId, string>> = {
  'host-stack': OKABE_ITO.blue,
  'csum-tso': OKABE_ITO.skyBlue,
  'full-toe': OKABE_ITO.vermillion,
  'card-window': OKABE_ITO.bluishGreen,
  'rx-direct-placement': OKABE_ITO.reddishPurple,
};

/** One colour per NIC profile (issue 13's cards), for comparing cards. */
export const PROFILE_COLORS: Readonly<Record<string, string>> = {
  'ne-4port': OKABE_ITO.blue,
  'intel-82546': OKABE_ITO.skyBlue,
  'broadcom-bcm5701': OKABE_ITO.orange,
  'syskonnect-sk9843': OKABE_ITO.bluishGreen,
  'alteon-tigon2': OKABE_ITO.reddishPurple,
  'intel-pro10gbe': OKABE_ITO.yellow,
  'chelsio-t110': OKABE_ITO.vermillion,
};

/** The resources that can limit throughput (results JSON `bottleneck`, minus `none`). */
export type ResourceId =
  | 'wire'
  | 'host-cpu'
  | 'memory-bus'
  | 'pci-bus'
  | 'nic-dma'
  | 'nic-engine'
  | 'card-memory'
  | 'tcp-window';

export const RESOURCE_COLORS: Readonly<Record<ResourceId, string>> = {
  wire: OKABE_ITO.black,
  'host-cpu': OKABE_ITO.orange,
  'memory-bus': OKABE_ITO.reddishPurple,
  'pci-bus': OKABE_ITO.blue,
  'nic-dma': OKABE_ITO.yellow,
  'nic-engine': OKABE_ITO.bluishGreen,
  'card-memory': OKABE_ITO.skyBlue,
  'tcp-window': OKABE_ITO.vermillion,
};

export const RESOURCE_LABELS: Readonly<Record<ResourceId, string>> = {
  wire: 'wire',
  'host-cpu': 'host CPU',
  'memory-bus': 'memory bus',
  'pci-bus': 'PCI-X bus',
  'nic-dma': 'card DMA engine',
  'nic-engine': 'card engine',
  'card-memory': 'card memory',
  'tcp-window': 'TCP window',
};

/** CPU time categories (results JSON `host.cpuBreakdown`), in stacking order. */
export type CpuCategory =
  'copy' | 'checksum' | 'protocol' | 'interrupt' | 'syscall' | 'driver' | 'sync';

export const CPU_CATEGORIES: readonly CpuCategory[] = [
  'copy',
  'checksum',
  'protocol',
  'interrupt',
  'syscall',
  'driver',
  'sync',
];

export const CPU_CATEGORY_COLORS: Readonly<Record<CpuCategory, string>> = {
  copy: OKABE_ITO.vermillion,
  checksum: OKABE_ITO.orange,
  protocol: OKABE_ITO.blue,
  interrupt: OKABE_ITO.reddishPurple,
  syscall: OKABE_ITO.skyBlue,
  driver: OKABE_ITO.bluishGreen,
  sync: OKABE_ITO.yellow,
};

const PORT_PALETTE = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.vermillion,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
] as const;

/** Port n's colour (ports 0–7; DESIGN.md §6 allows up to 8). */
export function portColor(port: number): string {
  const i = ((Math.trunc(port) % PORT_PALETTE.length) + PORT_PALETTE.length) % PORT_PALETTE.length;
  return PORT_PALETTE[i] ?? OKABE_ITO.black;
}

/** Sync status of a card's shadow entry (DESIGN.md §5), colour plus a text label always. */
/** `card-only`: the card has an entry the host lacks (nothing to compare it with). */
export type SyncStatus = 'in-sync' | 'stale' | 'missing' | 'card-only';

export const SYNC_STATUS_COLORS: Readonly<Record<SyncStatus, string>> = {
  'in-sync': OKABE_ITO.bluishGreen,
  stale: OKABE_ITO.orange,
  missing: OKABE_ITO.vermillion,
  'card-only': '#9aa0a6',
};

export const SYNC_STATUS_LABELS: Readonly<Record<SyncStatus, string>> = {
  'in-sync': 'in sync',
  stale: 'stale',
  missing: 'missing',
  'card-only': 'card only (host has no entry)',
};

/** Neutral greys for axes, grid lines and "not modelled" fills. */
export const INK = {
  text: '#1d1d1f',
  muted: '#5f6368',
  axis: '#8a8f98',
  grid: '#e6e8eb',
  notModelled: '#eceef1',
  panel: '#ffffff',
} as const;

const NOT_AVAILABLE = '—';

function guard(f: (v: number) => string): (v: number | null | undefined) => string {
  return (v) => (v === null || v === undefined || !Number.isFinite(v) ? NOT_AVAILABLE : f(v));
}

const f1 = format(',.1f');
const f2 = format(',.2f');
const f0 = format(',.0f');
const si3 = format('.3~s');

/** Bytes with SI prefixes: 1 kB = 1000 B (matches Mbit/s and MB/s on the same page). */
function siBytes(v: number): string {
  if (Math.abs(v) < 1000) return `${f0(v)} B`;
  // d3 writes "1.5M"; split the prefix letter off and put the unit after a space.
  const s = si3(v);
  return `${s.slice(0, -1)} ${s.slice(-1)}B`;
}

/**
 * Number formatting for the page; every formatter puts the unit in the string and
 * prints "—" for null, undefined or non-finite values, never a misleading zero.
 */
export const fmt = {
  /** Megabits per second: "941.5 Mbit/s". */
  mbps: guard((v) => `${f1(v)} Mbit/s`),
  /** Megabytes per second: "1,066 MB/s". */
  mBps: guard((v) => `${v >= 100 ? f0(v) : f1(v)} MB/s`),
  /** A fraction 0–1 as a percentage: 0.973 → "97 %". */
  percent: guard((v) => `${f0(v * 100)} %`),
  /** A fraction 0–1 as a percentage with one decimal: 0.9734 → "97.3 %". */
  percent1: guard((v) => `${f1(v * 100)} %`),
  cyclesPerByte: guard((v) => `${f2(v)} cycles/B`),
  /** A ratio per payload byte: 3.02 → "3.02 B/B"; `unit` names what is counted. */
  perByte: (v: number | null | undefined, unit = 'B/B'): string =>
    guard((x) => `${f2(x)} ${unit}`)(v),
  bytes: guard(siBytes),
  /** Simulated seconds: "1.234 s". */
  seconds: guard((v) => `${format(',.3f')(v)} s`),
  /** Simulated time from integer nanoseconds, to the microsecond: 1_234_500_000 → "1.234500 s". */
  timeNs: guard((ns) => `${format('.6f')(ns / 1e9)} s`),
  count: guard((v) => f0(v)),
};

/** A formatter for a value given its unit string, used by charts that only know the unit. */
export function formatterForUnit(unit: string): (v: number | null | undefined) => string {
  switch (unit) {
    case 'Mbit/s':
      return fmt.mbps;
    case 'MB/s':
      return fmt.mBps;
    case '%':
      return fmt.percent;
    case 'cycles/B':
      return fmt.cyclesPerByte;
    case 'B':
    case 'bytes':
      return fmt.bytes;
    case 's':
      return fmt.seconds;
    default:
      return guard((v) => `${format(',.3~r')(v)} ${unit}`.trimEnd());
  }
}

/**
 * A short tick label (no unit; the chart title carries it): fractions as percentages,
 * bytes with SI prefixes, anything else with `fallback` (e.g. a d3 scale's tickFormat).
 */
export function tickFormatForUnit(
  unit: string,
  fallback: (v: number) => string = format(',~g'),
): (v: number) => string {
  switch (unit) {
    case '%':
      return (v) => f0(v * 100);
    case 'B':
    case 'bytes':
      return (v) => (Math.abs(v) < 1000 ? f0(v) : si3(v));
    default:
      return fallback;
  }
}

/** The unit label an axis shows: fractions are drawn as percentages. */
export function axisUnitLabel(unit: string): string {
  return unit === 'bytes' ? 'B' : unit;
}
