import { NS_PER_S } from '../core/time.ts';
import { formatIpv4, formatMac } from '../wire/address.ts';
import { TcpFlag } from '../wire/types.ts';
import type { FrameKind, FrameRecord } from './frame-log.ts';

/** TCP flags as letters, in bit order: a SYN-ACK reads "SA", a data segment "PA". */
export const FLAG_LETTERS: readonly (readonly [letter: string, bit: number])[] = [
  ['F', TcpFlag.FIN],
  ['S', TcpFlag.SYN],
  ['R', TcpFlag.RST],
  ['P', TcpFlag.PSH],
  ['A', TcpFlag.ACK],
  ['U', TcpFlag.URG],
  ['E', TcpFlag.ECE],
  ['C', TcpFlag.CWR],
];

export function flagLetters(flags: number): string {
  let s = '';
  for (const [letter, bit] of FLAG_LETTERS) if (flags & bit) s += letter;
  return s;
}

/**
 * A frame of the packet list as the UI shows it: addresses formatted, fields a kind
 * lacks are null (an ARP frame has no ports, no sequence numbers).
 */
export interface FrameSummary {
  /** Wireshark's frame number for it in the port's pcap. */
  number: number;
  timeNs: number;
  dir: 'tx' | 'rx';
  kind: FrameKind;
  srcMac: string;
  dstMac: string;
  /** ARP: sender and target IP. */
  srcIp: string;
  dstIp: string;
  srcPort: number | null;
  dstPort: number | null;
  /** TCP flag letters ("SA"); empty for other kinds. */
  flags: string;
  seq: number | null;
  ack: number | null;
  /** The window field as sent (unscaled). */
  window: number | null;
  payloadBytes: number;
  frameBytes: number;
  /** Sent to a MAC that no longer answers (lost). */
  staleMac: boolean;
  /** What an ARP or ICMP frame says, in words; empty for TCP. */
  info: string;
}

const ICMP_UNREACHABLE = 3;
const ICMP_FRAG_NEEDED = 4;

function infoOf(r: FrameRecord): string {
  switch (r.kind) {
    case 'arp-request':
      return r.srcIp === r.dstIp
        ? `gratuitous: ${formatIpv4(r.srcIp)} is-at ${formatMac(r.srcMac)}`
        : `who-has ${formatIpv4(r.dstIp)} tell ${formatIpv4(r.srcIp)}`;
    case 'arp-reply':
      return `${formatIpv4(r.srcIp)} is-at ${formatMac(r.srcMac)}`;
    case 'icmp':
      if (r.icmpType === ICMP_UNREACHABLE && r.icmpCode === ICMP_FRAG_NEEDED) {
        return `unreachable, fragmentation needed (next-hop MTU ${r.nextHopMtu})`;
      }
      return `ICMP type ${r.icmpType} code ${r.icmpCode}`;
    case 'tcp':
      return '';
    case 'udp':
      if (r.fragmentOffset < 0) return '';
      return `fragment id ${r.ipId} offset ${r.fragmentOffset}${r.moreFragments ? ' MF' : ''}`;
    case 'pause':
      // The quanta travel in the window column; 0 is XON.
      return r.window === 0 ? 'PAUSE: resume (XON)' : `PAUSE ${r.window} quanta (XOFF)`;
  }
}

export function summarizeFrame(r: FrameRecord): FrameSummary {
  const tcp = r.kind === 'tcp';
  // A fragment past the first has no UDP header: no ports, as in a capture.
  const ports = tcp || (r.kind === 'udp' && r.fragmentOffset <= 0);
  return {
    number: r.number,
    timeNs: r.timeNs,
    dir: r.dir,
    kind: r.kind,
    srcMac: formatMac(r.srcMac),
    dstMac: formatMac(r.dstMac),
    srcIp: formatIpv4(r.srcIp),
    dstIp: formatIpv4(r.dstIp),
    srcPort: ports ? r.srcPort : null,
    dstPort: ports ? r.dstPort : null,
    flags: tcp ? flagLetters(r.flags) : '',
    seq: tcp ? r.seq : null,
    ack: tcp ? r.ack : null,
    window: tcp ? r.window : null,
    payloadBytes: r.payloadBytes,
    frameBytes: r.frameBytes,
    staleMac: r.staleMac,
    info: infoOf(r),
  };
}

/** Simulated seconds with 6 decimals (µs), as the packet list shows time. */
export function frameSeconds(timeNs: number): string {
  return (timeNs / NS_PER_S).toFixed(6);
}

const KIND_WORDS: Record<FrameKind, string> = {
  'arp-request': 'ARP request',
  'arp-reply': 'ARP reply',
  tcp: 'TCP',
  udp: 'UDP',
  icmp: 'ICMP',
  pause: 'PAUSE',
};

/**
 * The row as one line of text, lower case: what a bare word in a filter searches.
 * tcpdump-like: "12 0.001234 tx 02:… > 02:… tcp 10.0.0.1:40000 > 10.0.0.2:5001 [PA] …".
 */
export function frameText(s: FrameSummary): string {
  const parts = [String(s.number), frameSeconds(s.timeNs), s.dir, `${s.srcMac} > ${s.dstMac}`];
  parts.push(KIND_WORDS[s.kind]);
  if (s.srcPort !== null && s.kind === 'tcp') {
    parts.push(`${s.srcIp}:${s.srcPort} > ${s.dstIp}:${s.dstPort}`, `[${s.flags}]`);
    parts.push(`seq ${s.seq}`, `ack ${s.ack}`, `win ${s.window}`, `len ${s.payloadBytes}`);
  } else if (s.kind === 'udp') {
    const ports = s.srcPort !== null;
    parts.push(
      ports ? `${s.srcIp}:${s.srcPort} > ${s.dstIp}:${s.dstPort}` : `${s.srcIp} > ${s.dstIp}`,
      `len ${s.payloadBytes}`,
    );
  } else {
    parts.push(`${s.srcIp} > ${s.dstIp}`);
  }
  if (s.info) parts.push(s.info);
  if (s.staleMac) parts.push('stale MAC');
  return parts.join(' ').toLowerCase();
}
