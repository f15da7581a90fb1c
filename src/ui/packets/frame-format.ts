import type { FrameKind, FrameSummary } from '../../protocol/messages.ts';
import { fmt } from '../theme.ts';

/** Simulated seconds to the microsecond, as the packet list's time column shows them. */
export function frameTime(timeNs: number): string {
  return (timeNs / 1e9).toFixed(6);
}

const KIND_LABELS: Record<FrameKind, string> = {
  'arp-request': 'ARP request',
  'arp-reply': 'ARP reply',
  tcp: 'TCP',
  udp: 'UDP',
  icmp: 'ICMP',
  pause: 'PAUSE',
};

export function kindLabel(kind: FrameKind): string {
  return KIND_LABELS[kind];
}

export function macPair(r: FrameSummary): string {
  return `${r.srcMac} → ${r.dstMac}`;
}

/** "10.0.0.1:40000 → 10.0.0.2:5001" for TCP and UDP; ARP, ICMP and later fragments have no ports. */
export function ipPair(r: FrameSummary): string {
  if (r.srcPort === null) return `${r.srcIp} → ${r.dstIp}`;
  return `${r.srcIp}:${r.srcPort} → ${r.dstIp}:${r.dstPort}`;
}

export interface FrameCounts {
  shown: number;
  matched: number;
  kept: number;
  seen: number;
  port: number;
}

/** "showing 200 of 4,812 matching, 5,000 kept (12,345 on port 0 since t = 0)". */
export function countLine(c: FrameCounts): string {
  if (c.seen === 0) return `no frames on port ${c.port} yet`;
  const since = `${fmt.count(c.seen)} on port ${c.port} since t = 0`;
  return `showing ${fmt.count(c.shown)} of ${fmt.count(c.matched)} matching, ${fmt.count(c.kept)} kept (${since})`;
}
