import { get16, get32, need, put16, put32, put8, WireError } from './bytes.ts';
import { internetChecksum, pseudoHeaderSum } from './checksum.ts';
import { TCP_BASE_HEADER, tcpOptionsLength } from './size.ts';
import { IP_PROTO_TCP, type Ipv4, type SackBlock, type TcpSegment } from './types.ts';

/** Option kinds (RFC 9293 §3.2, RFC 7323, RFC 2018). */
const OPT_EOL = 0;
const OPT_NOP = 1;
const OPT_MSS = 2;
const OPT_WSCALE = 3;
const OPT_SACK_PERMITTED = 4;
const OPT_SACK = 5;
const OPT_TIMESTAMPS = 8;
/** The data offset field counts 32-bit words in 4 bits: at most 60 bytes of header. */
const MAX_OPTIONS = 40;

/**
 * Writes the segment's header and payload at `off` with a correct checksum over the
 * pseudo-header (RFC 9293 §3.1). Returns the bytes written. Urgent pointer and the
 * reserved bits are zero: the model never sends urgent data.
 */
export function writeTcp(
  buf: Uint8Array,
  off: number,
  seg: TcpSegment,
  src: Ipv4,
  dst: Ipv4,
): number {
  const optionsLength = tcpOptionsLength(seg);
  if (optionsLength > MAX_OPTIONS) {
    throw new WireError(`TCP: options need ${optionsLength} bytes, at most ${MAX_OPTIONS} fit`);
  }
  const headerLength = TCP_BASE_HEADER + optionsLength;
  put16(buf, off, seg.srcPort, 'TCP source port');
  put16(buf, off + 2, seg.dstPort, 'TCP destination port');
  put32(buf, off + 4, seg.seq, 'TCP sequence number');
  put32(buf, off + 8, seg.ack, 'TCP acknowledgement number');
  buf[off + 12] = (headerLength / 4) << 4;
  put8(buf, off + 13, seg.flags, 'TCP flags');
  put16(buf, off + 14, seg.window, 'TCP window');
  buf.fill(0, off + 16, off + 20); // checksum (filled below), urgent pointer
  writeOptions(buf, off + TCP_BASE_HEADER, seg);
  buf.set(seg.payload, off + headerLength);
  const length = headerLength + seg.payload.length;
  const sum = internetChecksum(buf, off, length, pseudoHeaderSum(src, dst, IP_PROTO_TCP, length));
  buf[off + 16] = sum >>> 8;
  buf[off + 17] = sum & 0xff;
  return length;
}

/**
 * Linux's option layout (tcp_options_write): MSS; SACK-permitted sharing the timestamps'
 * 4-byte alignment, else NOP NOP before either; NOP + window scale; NOP NOP + SACK blocks.
 * Keeps to the lengths `tcpOptionsLength` promises.
 */
function writeOptions(buf: Uint8Array, off: number, seg: TcpSegment): void {
  let p = off;
  if (seg.mss !== null) {
    buf[p] = OPT_MSS;
    buf[p + 1] = 4;
    put16(buf, p + 2, seg.mss, 'TCP MSS option');
    p += 4;
  }
  if (seg.tsVal !== null) {
    if (seg.sackPermitted) {
      buf[p] = OPT_SACK_PERMITTED;
      buf[p + 1] = 2;
    } else {
      buf[p] = OPT_NOP;
      buf[p + 1] = OPT_NOP;
    }
    buf[p + 2] = OPT_TIMESTAMPS;
    buf[p + 3] = 10;
    put32(buf, p + 4, seg.tsVal, 'TCP TSval');
    put32(buf, p + 8, seg.tsEcr, 'TCP TSecr');
    p += 12;
  } else if (seg.sackPermitted) {
    buf[p] = OPT_NOP;
    buf[p + 1] = OPT_NOP;
    buf[p + 2] = OPT_SACK_PERMITTED;
    buf[p + 3] = 2;
    p += 4;
  }
  if (seg.windowScale !== null) {
    buf[p] = OPT_NOP;
    buf[p + 1] = OPT_WSCALE;
    buf[p + 2] = 3;
    put8(buf, p + 3, seg.windowScale, 'TCP window scale');
    p += 4;
  }
  if (seg.sack !== null && seg.sack.length > 0) {
    buf[p] = OPT_NOP;
    buf[p + 1] = OPT_NOP;
    buf[p + 2] = OPT_SACK;
    buf[p + 3] = 2 + 8 * seg.sack.length;
    p += 4;
    for (const block of seg.sack) {
      put32(buf, p, block.left, 'TCP SACK left edge');
      put32(buf, p + 4, block.right, 'TCP SACK right edge');
      p += 8;
    }
  }
}

/**
 * Reads a segment of `length` bytes at `off`. `payload` is a view into `bytes`.
 * Absent options come back in the canonical form: null, false, no SACK as null (never
 * an empty list) and tsEcr 0 without timestamps.
 */
export function readTcp(
  bytes: Uint8Array,
  off: number,
  length: number,
  src: Ipv4,
  dst: Ipv4,
  verifyChecksum: boolean,
): TcpSegment {
  const end = off + length;
  need(end, off, TCP_BASE_HEADER, 'TCP header');
  const headerLength = (bytes[off + 12]! >>> 4) * 4;
  if (headerLength < TCP_BASE_HEADER) {
    throw new WireError(`TCP: data offset ${headerLength} bytes is below the minimum 20`);
  }
  need(end, off, headerLength, 'TCP header with options (data offset)');
  if (verifyChecksum) {
    const pseudo = pseudoHeaderSum(src, dst, IP_PROTO_TCP, length);
    if (internetChecksum(bytes, off, length, pseudo) !== 0) {
      throw new WireError(`TCP: bad checksum 0x${get16(bytes, off + 16).toString(16)}`);
    }
  }
  const seg: TcpSegment = {
    srcPort: get16(bytes, off),
    dstPort: get16(bytes, off + 2),
    seq: get32(bytes, off + 4),
    ack: get32(bytes, off + 8),
    flags: bytes[off + 13]!,
    window: get16(bytes, off + 14),
    mss: null,
    windowScale: null,
    sackPermitted: false,
    sack: null,
    tsVal: null,
    tsEcr: 0,
    payload: bytes.subarray(off + headerLength, end),
  };
  readOptions(bytes, off + TCP_BASE_HEADER, off + headerLength, seg);
  return seg;
}

/** Walks the option list (RFC 9293 §3.2); unknown kinds are skipped by their length. */
function readOptions(bytes: Uint8Array, start: number, end: number, seg: TcpSegment): void {
  let p = start;
  while (p < end) {
    const kind = bytes[p]!;
    if (kind === OPT_EOL) return;
    if (kind === OPT_NOP) {
      p += 1;
      continue;
    }
    need(end, p, 2, `TCP option ${kind}`);
    const len = bytes[p + 1]!;
    if (len < 2) throw new WireError(`TCP option ${kind}: length ${len} is below 2`);
    need(end, p, len, `TCP option ${kind}`);
    switch (kind) {
      case OPT_MSS:
        expectLength(kind, len, 4);
        seg.mss = get16(bytes, p + 2);
        break;
      case OPT_WSCALE:
        expectLength(kind, len, 3);
        seg.windowScale = bytes[p + 2]!;
        break;
      case OPT_SACK_PERMITTED:
        expectLength(kind, len, 2);
        seg.sackPermitted = true;
        break;
      case OPT_SACK:
        seg.sack = readSackBlocks(bytes, p, len);
        break;
      case OPT_TIMESTAMPS:
        expectLength(kind, len, 10);
        seg.tsVal = get32(bytes, p + 2);
        seg.tsEcr = get32(bytes, p + 6);
        break;
      default:
        break;
    }
    p += len;
  }
}

function expectLength(kind: number, len: number, expected: number): void {
  if (len !== expected) {
    throw new WireError(`TCP option ${kind}: length ${len}, expected ${expected}`);
  }
}

function readSackBlocks(bytes: Uint8Array, p: number, len: number): SackBlock[] {
  if (len < 10 || (len - 2) % 8 !== 0) {
    throw new WireError(`TCP SACK option: length ${len} is not 2 + 8n with n ≥ 1`);
  }
  const blocks: SackBlock[] = [];
  for (let q = p + 2; q < p + len; q += 8) {
    blocks.push({ left: get32(bytes, q), right: get32(bytes, q + 4) });
  }
  return blocks;
}
