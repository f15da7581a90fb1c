/**
 * Sequence-number arithmetic (RFC 9293 §3.4): wire sequence numbers are unsigned 32-bit
 * and compare modulo 2^32. Inside a connection the sender and receiver keep *absolute*
 * positions (0 = the SYN) as plain numbers, converting at the edges with `unwrap`, so the
 * hot path compares ordinary numbers and wrap-around cannot bite.
 */

/** Signed distance a − b in sequence space, valid while |a − b| < 2^31. */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export function seqLt(a: number, b: number): boolean {
  return seqDiff(a, b) < 0;
}

export function seqLe(a: number, b: number): boolean {
  return seqDiff(a, b) <= 0;
}

export function seqGt(a: number, b: number): boolean {
  return seqDiff(a, b) > 0;
}

export function seqGe(a: number, b: number): boolean {
  return seqDiff(a, b) >= 0;
}

export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** Wire sequence number of absolute position `abs` given the initial sequence number. */
export function toWire(initial: number, abs: number): number {
  return (initial + abs) >>> 0;
}

/**
 * Absolute position of wire number `wire`, taking the one nearest to the known absolute
 * position `refAbs` (at most 2^31 away, which any window satisfies).
 */
export function unwrap(initial: number, refAbs: number, wire: number): number {
  return refAbs + seqDiff(wire, toWire(initial, refAbs));
}
