/**
 * Big-endian (network order, RFC 1700) field access for the wire formats, and the error
 * every malformed or unrepresentable field raises. Writers check ranges so that a
 * representation holding an impossible value (a negative sequence number, a 70 000-byte
 * packet) fails loudly instead of being silently truncated into a different packet.
 */

/** Thrown on bytes that are not a frame we model, or a representation that cannot be sent. */
export class WireError extends Error {
  override readonly name = 'WireError';
}

function checkUint(value: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new WireError(`${field} must be an integer in 0..${max}, got ${value}`);
  }
}

export function put8(buf: Uint8Array, off: number, value: number, field: string): void {
  checkUint(value, 0xff, field);
  buf[off] = value;
}

export function put16(buf: Uint8Array, off: number, value: number, field: string): void {
  checkUint(value, 0xffff, field);
  buf[off] = value >>> 8;
  buf[off + 1] = value & 0xff;
}

export function put32(buf: Uint8Array, off: number, value: number, field: string): void {
  checkUint(value, 0xffff_ffff, field);
  buf[off] = value >>> 24;
  buf[off + 1] = (value >>> 16) & 0xff;
  buf[off + 2] = (value >>> 8) & 0xff;
  buf[off + 3] = value & 0xff;
}

export function get16(bytes: Uint8Array, off: number): number {
  return (bytes[off]! << 8) | bytes[off + 1]!;
}

export function get32(bytes: Uint8Array, off: number): number {
  return (
    ((bytes[off]! << 24) | (bytes[off + 1]! << 16) | (bytes[off + 2]! << 8) | bytes[off + 3]!) >>> 0
  );
}

/** Throws unless `length` bytes are available at `off` out of `end`. */
export function need(end: number, off: number, length: number, what: string): void {
  if (off + length > end) {
    throw new WireError(
      `${what}: need ${length} bytes at offset ${off}, only ${Math.max(0, end - off)} available`,
    );
  }
}
