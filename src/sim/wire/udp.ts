import { get16, need, put16, WireError } from './bytes.ts';
import { internetChecksum, pseudoHeaderSum } from './checksum.ts';
import { IP_PROTO_UDP, type Ipv4, type Ipv4Fragment, type UdpDatagram } from './types.ts';

/** Source port, destination port, length, checksum (RFC 768). */
export const UDP_HEADER = 8;
/** The largest payload one IPv4 datagram can carry: 65535 − 20 (IP) − 8 (UDP). */
export const MAX_UDP_PAYLOAD = 65_535 - 20 - UDP_HEADER;

/** Bytes of the IP payload a whole datagram needs: header and data. */
export function udpLength(d: UdpDatagram): number {
  return UDP_HEADER + d.payload.length;
}

/**
 * Writes the whole datagram (header and payload) at `off`. The checksum covers the
 * pseudo-header, header and data (RFC 768); a sum of 0 is sent as 0xffff, since 0 means
 * "no checksum" (RFC 768, Linux udp_getfrag). Returns the bytes written.
 */
export function writeUdp(
  buf: Uint8Array,
  off: number,
  d: UdpDatagram,
  src: Ipv4,
  dst: Ipv4,
): number {
  const length = udpLength(d);
  put16(buf, off, d.srcPort, 'UDP source port');
  put16(buf, off + 2, d.dstPort, 'UDP destination port');
  put16(buf, off + 4, length, 'UDP length');
  buf[off + 6] = 0;
  buf[off + 7] = 0;
  buf.set(d.payload, off + UDP_HEADER);
  if (d.checksummed) {
    const sum = internetChecksum(buf, off, length, pseudoHeaderSum(src, dst, IP_PROTO_UDP, length));
    const field = sum === 0 ? 0xffff : sum;
    buf[off + 6] = field >>> 8;
    buf[off + 7] = field & 0xff;
  }
  return length;
}

/**
 * Writes the bytes one fragment carries: [offset, offset + length) of the datagram's
 * serialised form. Only the first fragment holds the header, whose checksum needs every
 * byte, so only it serialises the whole datagram.
 */
export function writeUdpFragment(
  buf: Uint8Array,
  off: number,
  d: UdpDatagram,
  frag: Ipv4Fragment,
  src: Ipv4,
  dst: Ipv4,
): void {
  if (frag.offset % 8 !== 0 || frag.offset + frag.length > udpLength(d)) {
    throw new WireError(
      `IPv4 fragment: bytes ${frag.offset}..${frag.offset + frag.length} do not fit a ${udpLength(d)}-byte datagram on 8-byte boundaries`,
    );
  }
  if (frag.offset === 0) {
    const whole = new Uint8Array(udpLength(d));
    writeUdp(whole, 0, d, src, dst);
    buf.set(whole.subarray(0, frag.length), off);
    return;
  }
  const from = frag.offset - UDP_HEADER;
  buf.set(d.payload.subarray(from, from + frag.length), off);
}

/**
 * Reads a whole datagram of `length` bytes (the IP payload) at `off`; `payload` is a view
 * into `bytes`. A zero checksum field is "none" (RFC 768) and is not verified.
 */
export function readUdp(
  bytes: Uint8Array,
  off: number,
  length: number,
  src: Ipv4,
  dst: Ipv4,
  verifyChecksum: boolean,
): UdpDatagram {
  need(off + length, off, UDP_HEADER, 'UDP header');
  const udpLen = get16(bytes, off + 4);
  if (udpLen !== length) {
    throw new WireError(`UDP: length field ${udpLen} differs from the IP payload's ${length}`);
  }
  const field = get16(bytes, off + 6);
  if (verifyChecksum && field !== 0) {
    const pseudo = pseudoHeaderSum(src, dst, IP_PROTO_UDP, length);
    if (internetChecksum(bytes, off, length, pseudo) !== 0) {
      throw new WireError(`UDP: bad checksum 0x${field.toString(16)}`);
    }
  }
  return {
    srcPort: get16(bytes, off),
    dstPort: get16(bytes, off + 2),
    checksummed: field !== 0,
    payload: bytes.subarray(off + UDP_HEADER, off + length),
  };
}
