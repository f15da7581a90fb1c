import { format } from 'd3';
import type { ArpSnapshot, LogEntry, ReferenceCopies, Verdict } from '../../protocol/messages.ts';
import type { Scenario } from '../../protocol/scenario.ts';
import { portPayloadLimitMbps } from '../charts/columns.ts';
import {
  fmt,
  RESOURCE_LABELS,
  SYNC_STATUS_LABELS,
  type ResourceId,
  type SyncStatus,
} from '../theme.ts';

/**
 * The live values a walkthrough's text may quote, by placeholder name. Each reads the
 * running session — the worker's verdict (utilisations, bottleneck, copies, card memory
 * over the last 100 ms of simulated time), the ARP comparison, the series (goodput and
 * CPU by category, averaged over the same 100 ms), the event log — or the running
 * scenario for configured values. None is ever typed into a story: until the simulation
 * has measured a value, the text shows WAITING.
 */
export const WAITING = '…';

/** Simulated seconds the series-based values average over (the verdict's window). */
export const SERIES_WINDOW_S = 0.1;

/** What a binding reads. `windowMean` sums the named series and averages over time. */
export interface LiveInputs {
  nowNs: number;
  scenario: Scenario | null;
  verdict: Verdict | null;
  arp: ArpSnapshot | null;
  log: readonly LogEntry[];
  windowMean(ids: readonly string[], seconds: number): number;
  /** Live values wait until the simulation has passed this time. */
  settleNs: number;
  /** The worker's headless reference runs of the same scenario (host-stack; a UDP stream's TCP twin). */
  reference: ReferenceCopies | null;
}

/** A value to show: `key` for conditions on words (a bottleneck id), `value` for numbers. */
export interface Bound {
  text: string;
  value: number | null;
  key: string | null;
}

type Reader = (inputs: LiveInputs) => Bound | null;

const number = (value: number, text: string): Bound => ({ text, value, key: null });
const finite = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v);

/** The verdict, once it covers simulated time after the settling time. */
function settledVerdict(x: LiveInputs): Verdict | null {
  const v = x.verdict;
  if (!v || v.toNs <= v.fromNs || v.fromNs < x.settleNs) return null;
  return v;
}

function fromVerdict(read: (v: Verdict) => number | null, show: (v: number) => string): Reader {
  return (x) => {
    const v = settledVerdict(x);
    const value = v ? read(v) : null;
    return finite(value) ? number(value, show(value)) : null;
  };
}

function directions(s: Scenario): ('tx' | 'rx')[] {
  switch (s.workload.kind) {
    case 'bulk-send':
      return ['tx'];
    case 'bulk-receive':
      return ['rx'];
    case 'udp-stream':
      return [s.workload.direction === 'send' ? 'tx' : 'rx'];
    default:
      return ['tx', 'rx'];
  }
}

function goodputIds(s: Scenario): string[] {
  const ids: string[] = [];
  for (let p = 0; p < s.nic.ports; p++) ids.push(`port${p}.tx.goodput`, `port${p}.rx.goodput`);
  return ids;
}

/** Payload goodput of one port in one direction at the configured line rate (DESIGN R1; UDP's framing for UDP). */
function portLimit(s: Scenario): number {
  return portPayloadLimitMbps(s);
}

function wireLimit(s: Scenario): number {
  return portLimit(s) * s.nic.ports * directions(s).length;
}

/** Aggregate goodput (all ports, both directions) over the series window, once settled. */
function goodput(x: LiveInputs): number | null {
  if (!x.scenario || !settledVerdict(x)) return null;
  const v = x.windowMean(goodputIds(x.scenario), SERIES_WINDOW_S);
  return Number.isFinite(v) ? v : null;
}

/** Host CPU busy time in cycles per second, over the series window. */
function cpuCyclesPerSecond(x: LiveInputs): number | null {
  if (!x.scenario || !settledVerdict(x)) return null;
  const u = x.windowMean(['cpu.utilisation'], SERIES_WINDOW_S);
  if (!Number.isFinite(u)) return null;
  return u * x.scenario.host.cpuGhz * 1e9 * x.scenario.host.cpus;
}

/**
 * Host busy cycles per data frame — a datagram or a segment — in the workload's data
 * direction, over the series window: all the CPU's work, a TCP stream's ACKs included.
 */
function cyclesPerPacket(x: LiveInputs): number | null {
  const cycles = cpuCyclesPerSecond(x);
  if (cycles === null || !x.scenario) return null;
  const s = x.scenario;
  const ids: string[] = [];
  for (const d of directions(s))
    for (let p = 0; p < s.nic.ports; p++) ids.push(`port${p}.${d}.frames`);
  const frames = x.windowMean(ids, SERIES_WINDOW_S);
  return Number.isFinite(frames) && frames > 0 ? cycles / frames : null;
}

/** Share of the CPU's busy time spent in one category (copy, protocol, …). */
function cpuShare(category: string): Reader {
  return (x) => {
    if (!settledVerdict(x)) return null;
    const part = x.windowMean([`cpu.${category}`], SERIES_WINDOW_S);
    const all = x.windowMean(['cpu.utilisation'], SERIES_WINDOW_S);
    if (!Number.isFinite(part) || !Number.isFinite(all) || all <= 0) return null;
    return number(part / all, fmt.percent(part / all));
  };
}

function configured(read: (s: Scenario) => Bound | null): Reader {
  return (x) => (x.scenario ? read(x.scenario) : null);
}

const BUS_NAMES: Record<Scenario['bus']['kind'], string> = {
  'pci-66': 'PCI at 66 MHz',
  'pcix-133': 'PCI-X 133',
  'pcix-266': 'PCI-X 266 (PCI-X 2.0)',
  'pcix-533': 'PCI-X 533 (PCI-X 2.0)',
};

/** Peak MB/s of each bus grade, 64 bits wide (DESIGN.md §3, PCI-SIG grades). */
const BUS_PEAK_MBPS: Record<Scenario['bus']['kind'], number> = {
  'pci-66': 533,
  'pcix-133': 1066,
  'pcix-266': 2132,
  'pcix-533': 4264,
};

/** MB/s the wires move at line rate in the workload's directions: what must cross the bus. */
function busDemand(s: Scenario): number {
  return (s.nic.ports * directions(s).length * s.nic.portSpeedMbps) / 8;
}

const ONE_DECIMAL = format(',.1~f');
const TWO_DECIMALS = format(',.2f');

/** A duration in ms, precise enough to tell a microsecond from a poll interval. */
export function formatMs(ms: number): string {
  if (ms === 0) return '0 ms';
  if (ms < 0.01) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ONE_DECIMAL(ms)} ms`;
  return `${TWO_DECIMALS(ms / 1000)} s`;
}

/** The card's entry for the peer on port 0 (the walkthroughs' ARP stories use port 0). */
function cardEntry(x: LiveInputs) {
  if (!x.arp?.card || x.nowNs < x.settleNs) return undefined;
  return x.arp.card.find((e) => e.port === 0);
}

function hostEntry(x: LiveInputs) {
  if (!x.arp || x.nowNs < x.settleNs) return undefined;
  return x.arp.host.find((e) => e.port === 0 && e.mac !== null);
}

/**
 * Total time the card's port-0 ARP entry has been stale so far, in ms, from the sync
 * ledger's log lines ("… differs from the host's: stale", "… repaired: …"), which carry
 * the exact simulated time of each change. The ARP comparison is only sampled, so it
 * would miss the microseconds push and card-arp are stale for.
 */
function staleMs(x: LiveInputs): number | null {
  if (!x.arp?.shadow || x.nowNs < x.settleNs) return null;
  let since: number | null = null;
  let total = 0;
  for (const e of x.log) {
    if (e.kind !== 'sync' || e.port !== 0 || !e.text.includes('entry for')) continue;
    if (e.text.endsWith(': stale')) since ??= e.timeNs;
    else if (e.text.includes('repaired') && since !== null) {
      total += e.timeNs - since;
      since = null;
    }
  }
  if (since !== null) total += Math.max(0, x.nowNs - since);
  return total / 1e6;
}

/** The scenario's first gratuitous ARP (the walkthroughs' fail-over), if any. */
function garp(s: Scenario) {
  return s.events.find((ev) => ev.kind === 'gratuitous-arp');
}

/** The number at the start of a log line ("3 retransmission timeouts on port 0"). */
function leadingCount(text: string): number {
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) ? n : 1;
}

function connections(s: Scenario): number {
  return s.nic.ports * s.workload.connectionsPerPort * (directions(s).length === 2 ? 2 : 1);
}

function fallbacks(x: LiveInputs): number | null {
  if (!x.scenario || x.nowNs < x.settleNs) return null;
  return x.log.filter((e) => e.kind === 'fallback').length;
}

export const BINDINGS = {
  // ---- the running scenario, as configured ------------------------------------------
  ports: configured((s) => number(s.nic.ports, String(s.nic.ports))),
  mtu: configured((s) => number(s.link.mtu, `${fmt.count(s.link.mtu)}-byte`)),
  mss: configured((s) => {
    const mss = s.link.mtu - 40 - (s.tcp.timestamps ? 12 : 0);
    return number(mss, `${fmt.count(mss)}-byte`);
  }),
  cpuGhz: configured((s) => number(s.host.cpuGhz, `${s.host.cpuGhz} GHz`)),
  bus: configured((s) => ({ text: BUS_NAMES[s.bus.kind], value: null, key: s.bus.kind })),
  portLimit: configured((s) => number(portLimit(s), fmt.mbps(portLimit(s)))),
  wireLimit: configured((s) => number(wireLimit(s), fmt.mbps(wireLimit(s)))),
  connections: configured((s) => number(connections(s), String(connections(s)))),
  busPeak: configured((s) =>
    number(BUS_PEAK_MBPS[s.bus.kind], fmt.mBps(BUS_PEAK_MBPS[s.bus.kind])),
  ),
  busDemand: configured((s) => number(busDemand(s), fmt.mBps(busDemand(s)))),
  cardMemory: configured((s) => number(s.nic.cardMemoryMB, `${s.nic.cardMemoryMB} MB`)),
  windowReserve: configured((s) => {
    const kb = s.tcp.sendBufferKB + s.tcp.recvBufferKB;
    return number(kb, `${kb} KB`);
  }),
  pollMs: configured((s) => number(s.sync.pollIntervalMs, formatMs(s.sync.pollIntervalMs))),
  garpAt: configured((s) => {
    const e = garp(s);
    return e ? number(e.atMs, fmt.seconds(e.atMs / 1000)) : null;
  }),
  /** Whether the simulation has passed the gratuitous ARP: key 'yes' or 'no'. */
  peerMoved: (x) => {
    const e = x.scenario ? garp(x.scenario) : undefined;
    if (!e || x.nowNs < x.settleNs) return null;
    const moved = x.nowNs >= e.atMs * 1e6;
    return { text: moved ? 'yes' : 'not yet', value: null, key: moved ? 'yes' : 'no' };
  },

  // ---- the verdict: the last 100 ms of simulated time -------------------------------
  cpu: fromVerdict((v) => v.utilisation['host-cpu'], fmt.percent),
  membus: fromVerdict((v) => v.utilisation['memory-bus'], fmt.percent),
  pci: fromVerdict((v) => v.utilisation['pci-bus'], fmt.percent),
  pciEfficiency: fromVerdict((v) => v.pciEfficiency, fmt.percent),
  engine: fromVerdict((v) => v.utilisation['nic-engine'], fmt.percent),
  copies: fromVerdict(
    (v) => v.copies.cpuCopiesPerByte,
    (c) => fmt.perByte(c, 'copies/B'),
  ),
  memBytes: fromVerdict(
    (v) => v.copies.memoryBusBytesPerByte,
    (c) => fmt.perByte(c),
  ),
  pciBytes: fromVerdict(
    (v) => v.copies.pciBytesPerByte,
    (c) => fmt.perByte(c),
  ),
  cardMem: fromVerdict((v) => v.cardMemoryUsedBytes, fmt.bytes),
  bottleneck: (x) => {
    const v = settledVerdict(x);
    if (!v) return null;
    const text = v.bottleneck === 'none' ? 'nothing' : RESOURCE_LABELS[v.bottleneck as ResourceId];
    return { text, value: null, key: v.bottleneck };
  },

  // ---- the series: goodput and CPU over the same 100 ms -----------------------------
  goodput: (x) => {
    const g = goodput(x);
    return g === null ? null : number(g, fmt.mbps(g));
  },
  goodputShare: (x) => {
    const g = goodput(x);
    if (g === null || !x.scenario) return null;
    const share = g / wireLimit(x.scenario);
    return number(share, fmt.percent(share));
  },
  ghzPerGbps: (x) => {
    const g = goodput(x);
    const cycles = cpuCyclesPerSecond(x);
    if (g === null || cycles === null || g <= 0) return null;
    const v = cycles / 1e9 / (g / 1000);
    return number(v, `${v.toFixed(2)} GHz per Gbit/s`);
  },
  /**
   * CPU busy time per payload byte, in cycles — memory-bus stalls included, like the CPU
   * utilisation it comes from. The results' `cyclesPerPayloadByte` counts only the cycles
   * the cost model bills, so it is lower when copies wait for the memory bus.
   */
  cyclesPerByte: (x) => {
    const g = goodput(x);
    const cycles = cpuCyclesPerSecond(x);
    if (g === null || cycles === null || g <= 0) return null;
    const v = cycles / ((g * 1e6) / 8);
    return number(v, fmt.cyclesPerByte(v));
  },
  copyShare: cpuShare('copy'),
  checksumShare: cpuShare('checksum'),
  protocolShare: cpuShare('protocol'),
  syscallShare: cpuShare('syscall'),
  /** Host cycles per datagram or segment sent or received (see cyclesPerPacket). */
  cyclesPerPacket: (x) => {
    const v = cyclesPerPacket(x);
    return v === null ? null : number(v, `${fmt.count(Math.round(v))} cycles`);
  },
  /** A UDP stream's TCP twin, headless: cycles per segment, its ACKs included. */
  tcpCyclesPerSegment: (x) => {
    const v = x.reference?.tcpTwin?.cyclesPerSegment;
    if (!finite(v) || x.nowNs < x.settleNs) return null;
    return number(v, `${fmt.count(Math.round(v))} cycles`);
  },

  // ---- ARP: the host's table against the card's copy (port 0) -----------------------
  cardEntry: (x) => {
    const e = cardEntry(x);
    if (!e) return null;
    return { text: SYNC_STATUS_LABELS[e.status as SyncStatus], value: null, key: e.status };
  },
  hostMac: (x) => {
    const e = hostEntry(x);
    return e?.mac ? { text: e.mac, value: null, key: e.mac } : null;
  },
  cardMac: (x) => {
    const e = cardEntry(x);
    return e?.mac ? { text: e.mac, value: null, key: e.mac } : null;
  },
  staleMs: (x) => {
    const ms = staleMs(x);
    return ms === null ? null : number(ms, formatMs(ms));
  },

  // ---- the event log ----------------------------------------------------------------
  timeouts: (x) => {
    if (!x.scenario || x.nowNs < x.settleNs) return null;
    const n = x.log.filter((e) => e.kind === 'rto').reduce((t, e) => t + leadingCount(e.text), 0);
    return number(n, fmt.count(n));
  },
  fallbacks: (x) => {
    const n = fallbacks(x);
    return n === null ? null : number(n, fmt.count(n));
  },
  offloaded: (x) => {
    const n = fallbacks(x);
    if (n === null || !x.scenario) return null;
    const on = connections(x.scenario) - n;
    return number(on, fmt.count(on));
  },
} satisfies Record<string, Reader>;

export type BindingName = keyof typeof BINDINGS;

export function isBindingName(name: string): name is BindingName {
  return Object.hasOwn(BINDINGS, name);
}

/** The value of a binding now, or null while it waits for the simulation. */
export function readBinding(name: BindingName, inputs: LiveInputs): Bound | null {
  return BINDINGS[name](inputs);
}
