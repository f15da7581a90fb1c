import type { Ipv4 } from './types.ts';

/**
 * The Internet checksum (RFC 1071): the one's complement of the one's-complement sum
 * of the 16-bit big-endian words, an odd last byte padded with a zero low byte (§4.1).
 *
 * `initial` is an unfolded partial sum to start from, such as `pseudoHeaderSum`.
 * Returns the 16-bit value to store in the checksum field. Computed over data that
 * already holds a correct checksum, the result is 0, which is how receivers verify it
 * (RFC 1071 §1).
 */
export function internetChecksum(
  bytes: Uint8Array,
  offset: number,
  length: number,
  initial = 0,
): number {
  let sum = initial;
  const end = offset + length;
  const evenEnd = offset + (length & ~1);
  for (let i = offset; i < evenEnd; i += 2) {
    sum += (bytes[i]! << 8) | bytes[i + 1]!;
  }
  if (evenEnd < end) sum += bytes[evenEnd]! << 8;
  return ~foldSum(sum) & 0xffff;
}

/** Folds a sum of 16-bit words (may exceed 2^32 for huge inputs) into 16 bits with end-around carry. */
function foldSum(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s % 0x1_0000) + Math.floor(s / 0x1_0000);
  return s;
}

/**
 * The unfolded sum of the TCP/UDP pseudo-header (RFC 9293 §3.1): source address,
 * destination address, a zero byte, the protocol and the segment length (header + data).
 * Pass it as `initial` to `internetChecksum` over the segment.
 */
export function pseudoHeaderSum(src: Ipv4, dst: Ipv4, protocol: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
}
