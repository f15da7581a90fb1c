import { get16, need, put16, put8, WireError } from './bytes.ts';
import { internetChecksum } from './checksum.ts';
import { ICMP_HEADER } from './size.ts';
import type { IcmpMessage } from './types.ts';

/**
 * ICMP error messages (RFC 792): type, code, checksum, 4 "rest of header" bytes, then
 * the quoted datagram. For destination unreachable / fragmentation needed the rest is
 * 16 unused bits and the next-hop MTU (RFC 1191 §4); other types carry zeros there, so
 * `nextHopMtu` is written and read in the same place for every type.
 */
export function writeIcmp(buf: Uint8Array, off: number, msg: IcmpMessage): void {
  put8(buf, off, msg.type, 'ICMP type');
  put8(buf, off + 1, msg.code, 'ICMP code');
  buf[off + 2] = 0;
  buf[off + 3] = 0;
  buf[off + 4] = 0;
  buf[off + 5] = 0;
  put16(buf, off + 6, msg.nextHopMtu, 'ICMP next-hop MTU');
  buf.set(msg.quoted, off + ICMP_HEADER);
  const sum = internetChecksum(buf, off, ICMP_HEADER + msg.quoted.length);
  buf[off + 2] = sum >>> 8;
  buf[off + 3] = sum & 0xff;
}

/** Reads `length` bytes at `off`. `quoted` is a view into `bytes`, not a copy. */
export function readIcmp(
  bytes: Uint8Array,
  off: number,
  length: number,
  verifyChecksum: boolean,
): IcmpMessage {
  need(off + length, off, ICMP_HEADER, 'ICMP header');
  if (verifyChecksum && internetChecksum(bytes, off, length) !== 0) {
    throw new WireError(`ICMP: bad checksum 0x${get16(bytes, off + 2).toString(16)}`);
  }
  return {
    type: bytes[off]!,
    code: bytes[off + 1]!,
    nextHopMtu: get16(bytes, off + 6),
    quoted: bytes.subarray(off + ICMP_HEADER, off + length),
  };
}
