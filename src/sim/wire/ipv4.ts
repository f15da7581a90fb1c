import { get16, get32, need, put16, put32, put8, WireError } from './bytes.ts';
import { internetChecksum } from './checksum.ts';
import { IPV4_HEADER } from './size.ts';
import type { Ipv4 } from './types.ts';

/** Flags and fragment offset share bytes 6–7 (RFC 791 §3.1). */
const FLAG_RESERVED = 0x8000;
const FLAG_DONT_FRAGMENT = 0x4000;
const FLAG_MORE_FRAGMENTS = 0x2000;
const FRAGMENT_OFFSET_MASK = 0x1fff;
const VERSION_4_IHL_5 = 0x45;

/** The header fields the representation keeps, plus what the parser needs to go on. */
export interface Ipv4Header {
  src: Ipv4;
  dst: Ipv4;
  ttl: number;
  id: number;
  dontFragment: boolean;
  protocol: number;
  totalLength: number;
  /** Fragment offset in bytes (RFC 791: the field counts 8-byte units) and the MF flag. */
  fragmentOffset: number;
  moreFragments: boolean;
}

/** Where a fragment sits in its datagram; absent for a whole datagram. */
export interface FragmentField {
  offset: number;
  more: boolean;
}

/**
 * Writes a 20-byte header (no options, TOS 0) with a correct header checksum; `fragment`
 * sets the offset and MF of one fragment of a datagram (RFC 791 §3.1).
 */
export function writeIpv4Header(
  buf: Uint8Array,
  off: number,
  h: Omit<Ipv4Header, 'totalLength' | 'fragmentOffset' | 'moreFragments'>,
  totalLength: number,
  fragment: FragmentField | null = null,
): void {
  buf[off] = VERSION_4_IHL_5;
  buf[off + 1] = 0;
  put16(buf, off + 2, totalLength, 'IPv4 total length');
  put16(buf, off + 4, h.id, 'IPv4 identification');
  let flags = h.dontFragment ? FLAG_DONT_FRAGMENT : 0;
  if (fragment !== null) {
    if (fragment.offset % 8 !== 0) {
      throw new WireError(`IPv4 fragment offset ${fragment.offset} is not a multiple of 8`);
    }
    flags |= (fragment.more ? FLAG_MORE_FRAGMENTS : 0) | (fragment.offset / 8);
  }
  put16(buf, off + 6, flags, 'IPv4 flags and fragment offset');
  put8(buf, off + 8, h.ttl, 'IPv4 TTL');
  put8(buf, off + 9, h.protocol, 'IPv4 protocol');
  buf[off + 10] = 0;
  buf[off + 11] = 0;
  put32(buf, off + 12, h.src, 'IPv4 source');
  put32(buf, off + 16, h.dst, 'IPv4 destination');
  const sum = internetChecksum(buf, off, IPV4_HEADER);
  buf[off + 10] = sum >>> 8;
  buf[off + 11] = sum & 0xff;
}

/**
 * Reads the header at `off`, the datagram ending no later than `end` (bytes beyond its
 * total length are Ethernet padding). Refuses options, which the model never produces;
 * a fragment's offset and MF come back for the caller to judge.
 */
export function readIpv4Header(
  bytes: Uint8Array,
  off: number,
  end: number,
  verifyChecksum: boolean,
): Ipv4Header {
  need(end, off, IPV4_HEADER, 'IPv4 header');
  const versionIhl = bytes[off]!;
  if (versionIhl >>> 4 !== 4) throw new WireError(`IPv4: version ${versionIhl >>> 4}, expected 4`);
  if ((versionIhl & 0x0f) !== 5) {
    throw new WireError(
      `IPv4: header length ${(versionIhl & 0x0f) * 4} bytes; options are not supported`,
    );
  }
  const totalLength = get16(bytes, off + 2);
  if (totalLength < IPV4_HEADER) {
    throw new WireError(`IPv4: total length ${totalLength} is shorter than the header`);
  }
  need(end, off, totalLength, 'IPv4 datagram (total length)');
  const flags = get16(bytes, off + 6);
  if ((flags & FLAG_RESERVED) !== 0) throw new WireError('IPv4: reserved flag bit is set');
  if (verifyChecksum && internetChecksum(bytes, off, IPV4_HEADER) !== 0) {
    throw new WireError(`IPv4: bad header checksum 0x${get16(bytes, off + 10).toString(16)}`);
  }
  return {
    src: get32(bytes, off + 12),
    dst: get32(bytes, off + 16),
    ttl: bytes[off + 8]!,
    id: get16(bytes, off + 4),
    dontFragment: (flags & FLAG_DONT_FRAGMENT) !== 0,
    protocol: bytes[off + 9]!,
    totalLength,
    fragmentOffset: (flags & FRAGMENT_OFFSET_MASK) * 8,
    moreFragments: (flags & FLAG_MORE_FRAGMENTS) !== 0,
  };
}
