import type { TcpSegment } from '../wire/types.ts';
import {
  DEFAULT_MSS,
  IP_TCP_HEADERS,
  MAX_WINDOW_SHIFT,
  TCP_HEADER_BYTES,
  TIMESTAMP_OPTION_BYTES,
} from './config.ts';
import type { TcpConnection } from './connection.ts';

/** The shift that lets a 16-bit window cover the whole receive buffer (RFC 7323 §2.3). */
export function windowShiftFor(bufferBytes: number): number {
  let shift = 0;
  while (shift < MAX_WINDOW_SHIFT && 65535 * 2 ** shift < bufferBytes) shift++;
  return shift;
}

/** min(peer MSS, MTU − 40) less the timestamp option when negotiated (RFC 7323 §3.2). */
export function effectiveMss(peerMss: number, mtu: number, timestamps: boolean): number {
  return Math.min(peerMss, mtu - IP_TCP_HEADERS) - (timestamps ? TIMESTAMP_OPTION_BYTES : 0);
}

/**
 * Records the peer's SYN (RFC 9293 §3.7.1, §3.10.7.3): its sequence number, and the
 * options both sides offered, which are then on (SACK, RFC 2018 §2; timestamps and
 * window scaling, RFC 7323 §2.2, §3.2); a SYN without MSS means 536.
 */
export function learnPeerSyn(c: TcpConnection, seg: TcpSegment): void {
  const r = c.receiver;
  const s = c.sender;
  r.irs = seg.seq;
  r.rcvNxt = 1;
  r.lastAckSent = 1;
  // Our SYN's window (if sent) was relative to position 0; its edge moves with rcv_nxt.
  r.advRight += 1;
  c.peerMss = seg.mss ?? DEFAULT_MSS;
  c.tsOn = c.offerTs && seg.tsVal !== null;
  c.sackOn = c.offerSack && seg.sackPermitted;
  s.recovery.sackOn = c.sackOn;
  if (c.offerWscale && seg.windowScale !== null) {
    s.wscale = Math.min(seg.windowScale, MAX_WINDOW_SHIFT);
    r.wscale = windowShiftFor(c.config.recvBufferBytes);
  }
  if (seg.tsVal !== null) c.tsRecent = seg.tsVal;
  const mtu = c.host.lower.mtuFor(c.remoteIp);
  s.mss = effectiveMss(c.peerMss, mtu, c.tsOn);
  s.headerBytes = TCP_HEADER_BYTES + (c.tsOn ? TIMESTAMP_OPTION_BYTES : 0);
  r.advertisedMss = mtu - IP_TCP_HEADERS;
  r.rcvMss = s.mss;
}
