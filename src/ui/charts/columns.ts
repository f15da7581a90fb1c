import {
  CPU_CATEGORIES,
  CPU_CATEGORY_COLORS,
  OKABE_ITO,
  portColor,
  RESOURCE_COLORS,
} from '../theme.ts';
import type { SeriesColumn } from './series-source.ts';

/**
 * The standard column sets, so every chart of a kind looks the same; pass them to
 * `new SeriesRing(columns, capacity)` and push rows in the same order.
 */

/** Per-port goodput: `port N TX` solid, `port N RX` dashed, same colour per port. */
export function throughputColumns(ports: number): SeriesColumn[] {
  const cols: SeriesColumn[] = [];
  for (let p = 0; p < ports; p++) {
    cols.push({ id: `p${p}-tx`, label: `port ${p} TX`, unit: 'Mbit/s', color: portColor(p) });
    cols.push({
      id: `p${p}-rx`,
      label: `port ${p} RX`,
      unit: 'Mbit/s',
      color: portColor(p),
      dash: [4, 3],
    });
  }
  return cols;
}

/** CPU time by category as fractions of all cores (stack them; unit '%'). */
export const CPU_COLUMNS: readonly SeriesColumn[] = CPU_CATEGORIES.map((c) => ({
  id: c,
  label: c,
  unit: '%',
  color: CPU_CATEGORY_COLORS[c],
}));

/** One connection's buffers and window, in bytes. */
export const WINDOW_COLUMNS: readonly SeriesColumn[] = [
  { id: 'sndbuf', label: 'host send buffer', unit: 'bytes', color: OKABE_ITO.blue },
  { id: 'rcvbuf', label: 'host receive buffer', unit: 'bytes', color: OKABE_ITO.bluishGreen },
  { id: 'cardmem', label: 'card memory', unit: 'bytes', color: RESOURCE_COLORS['card-memory'] },
  { id: 'cwnd', label: 'cwnd', unit: 'bytes', color: OKABE_ITO.vermillion },
  { id: 'inflight', label: 'bytes in flight', unit: 'bytes', color: OKABE_ITO.black, dash: [3, 2] },
];

/** One connection's smoothed RTT, in µs (the sender's srtt). */
export const RTT_COLUMNS: readonly SeriesColumn[] = [
  { id: 'srtt', label: 'smoothed RTT', unit: 'µs', color: OKABE_ITO.reddishPurple },
];

/** Bus and card utilisation over time (fractions, unit '%'). */
export const UTILISATION_COLUMNS: readonly SeriesColumn[] = [
  { id: 'pci', label: 'PCI-X utilisation', unit: '%', color: RESOURCE_COLORS['pci-bus'] },
  {
    id: 'pci-eff',
    label: 'PCI-X efficiency',
    unit: '%',
    color: RESOURCE_COLORS['pci-bus'],
    dash: [4, 3],
  },
  { id: 'membus', label: 'memory bus', unit: '%', color: RESOURCE_COLORS['memory-bus'] },
  { id: 'engine', label: 'card engine', unit: '%', color: RESOURCE_COLORS['nic-engine'] },
  { id: 'cardmem', label: 'card memory', unit: '%', color: RESOURCE_COLORS['card-memory'] },
  { id: 'cpu', label: 'host CPU', unit: '%', color: RESOURCE_COLORS['host-cpu'] },
];

/**
 * UDP's payload at line rate: `messageBytes` per datagram, each datagram in one frame or,
 * over the MTU, in fragments of (mtu − 20) & ~7 bytes of IP payload; every frame costs its
 * bytes (at least 64), the preamble and the gap. 1472 B per 1538 B at MTU 1500: 957.1.
 */
export function udpWireRateMbps(portSpeedMbps: number, mtu: number, messageBytes: number): number {
  const ipPayload = 8 + messageBytes;
  const step = ipPayload + 20 <= mtu ? ipPayload : (mtu - 20) & ~7;
  let onWire = 0;
  for (let offset = 0; offset < ipPayload; offset += step) {
    const frame = 20 + Math.min(step, ipPayload - offset) + 18;
    onWire += Math.max(64, frame) + 8 + 12;
  }
  return (portSpeedMbps * messageBytes) / onWire;
}

/** The most payload one port carries one way at line rate, for this scenario's workload. */
export function portPayloadLimitMbps(s: {
  nic: { portSpeedMbps: number };
  link: { mtu: number };
  tcp: { timestamps: boolean };
  workload: { kind: string; messageBytes: number; requestBytes: number };
}): number {
  switch (s.workload.kind) {
    case 'udp-stream':
      return udpWireRateMbps(s.nic.portSpeedMbps, s.link.mtu, s.workload.messageBytes);
    case 'udp-rr':
      return udpWireRateMbps(s.nic.portSpeedMbps, s.link.mtu, s.workload.requestBytes);
    default:
      return wireRateMbps(s.nic.portSpeedMbps, s.link.mtu, s.tcp.timestamps);
  }
}

/** DESIGN.md §7 R1: 1448 B of payload per 1538 B on the wire at 1 Gbit/s. */
export function wireRateMbps(portSpeedMbps: number, mtu = 1500, timestamps = true): number {
  const payload = mtu - 40 - (timestamps ? 12 : 0);
  const onWire = mtu + 14 + 4 + 8 + 12;
  return (portSpeedMbps * payload) / onWire;
}
