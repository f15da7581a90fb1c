import { WireError } from './bytes.ts';
import type { Ipv4, Mac } from './types.ts';

const MAC_PATTERN = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const OCTET_PATTERN = /^(0|[1-9][0-9]{0,2})$/;
const TWO_POW_32 = 0x1_0000_0000;

/** "02:00:00:00:10:99", lower case, as `ip link` prints it. */
export function formatMac(m: Mac): string {
  const parts: string[] = [];
  for (let shift = 40; shift >= 0; shift -= 8) {
    const octet = Math.floor(m / 2 ** shift) % 256;
    parts.push(octet.toString(16).padStart(2, '0'));
  }
  return parts.join(':');
}

/** Parses six colon-separated hex octets; throws a WireError naming the input otherwise. */
export function parseMac(s: string): Mac {
  if (!MAC_PATTERN.test(s)) {
    throw new WireError(
      `invalid MAC address "${s}": expected six hex octets like 02:00:00:00:10:99`,
    );
  }
  return Number.parseInt(s.replaceAll(':', ''), 16);
}

/** Dotted quad, "10.0.0.1". */
export function formatIpv4(a: Ipv4): string {
  return `${a >>> 24}.${(a >>> 16) & 0xff}.${(a >>> 8) & 0xff}.${a & 0xff}`;
}

/**
 * Parses a dotted quad of decimal octets. Leading zeros are refused because some
 * parsers (inet_aton) read them as octal, so "010.0.0.1" is ambiguous.
 */
export function parseIpv4(s: string): Ipv4 {
  const parts = s.split('.');
  const valid = parts.length === 4 && parts.every((p) => OCTET_PATTERN.test(p) && Number(p) <= 255);
  if (!valid) {
    throw new WireError(`invalid IPv4 address "${s}": expected four decimal octets like 10.0.0.1`);
  }
  return parts.reduce((value, p) => value * 256 + Number(p), 0);
}

/** Writes a MAC as 6 bytes in transmission order. */
export function putMac(buf: Uint8Array, off: number, m: Mac): void {
  if (!Number.isInteger(m) || m < 0 || m > 0xffff_ffff_ffff) {
    throw new WireError(`MAC address must be a 48-bit integer, got ${m}`);
  }
  const high = Math.floor(m / TWO_POW_32);
  const low = m % TWO_POW_32;
  buf[off] = high >>> 8;
  buf[off + 1] = high & 0xff;
  buf[off + 2] = low >>> 24;
  buf[off + 3] = (low >>> 16) & 0xff;
  buf[off + 4] = (low >>> 8) & 0xff;
  buf[off + 5] = low & 0xff;
}

export function getMac(bytes: Uint8Array, off: number): Mac {
  const high = (bytes[off]! << 8) | bytes[off + 1]!;
  const low =
    ((bytes[off + 2]! << 24) |
      (bytes[off + 3]! << 16) |
      (bytes[off + 4]! << 8) |
      bytes[off + 5]!) >>>
    0;
  return high * TWO_POW_32 + low;
}
