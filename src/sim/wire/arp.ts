import { getMac, putMac } from './address.ts';
import { get16, get32, need, put16, put32, WireError } from './bytes.ts';
import { ARP_LENGTH } from './size.ts';
import { ArpOp, type ArpPacket, ETHERTYPE_IPV4 } from './types.ts';

/** ARP for Ethernet and IPv4 only (RFC 826): hardware type 1, 6-byte and 4-byte addresses. */
const HTYPE_ETHERNET = 1;
const HLEN_ETHERNET = 6;
const PLEN_IPV4 = 4;

export function writeArp(buf: Uint8Array, off: number, arp: ArpPacket): void {
  put16(buf, off, HTYPE_ETHERNET, 'ARP hardware type');
  put16(buf, off + 2, ETHERTYPE_IPV4, 'ARP protocol type');
  buf[off + 4] = HLEN_ETHERNET;
  buf[off + 5] = PLEN_IPV4;
  put16(buf, off + 6, arp.op, 'ARP operation');
  putMac(buf, off + 8, arp.senderMac);
  put32(buf, off + 14, arp.senderIp, 'ARP sender IP');
  putMac(buf, off + 18, arp.targetMac);
  put32(buf, off + 24, arp.targetIp, 'ARP target IP');
}

export function readArp(bytes: Uint8Array, off: number, end: number): ArpPacket {
  need(end, off, ARP_LENGTH, 'ARP packet');
  const htype = get16(bytes, off);
  const ptype = get16(bytes, off + 2);
  if (
    htype !== HTYPE_ETHERNET ||
    ptype !== ETHERTYPE_IPV4 ||
    bytes[off + 4] !== HLEN_ETHERNET ||
    bytes[off + 5] !== PLEN_IPV4
  ) {
    throw new WireError(
      `ARP: only Ethernet/IPv4 is supported (htype ${htype}, ptype 0x${ptype.toString(16)}, ` +
        `hlen ${bytes[off + 4]}, plen ${bytes[off + 5]})`,
    );
  }
  const op = get16(bytes, off + 6);
  if (op !== ArpOp.REQUEST && op !== ArpOp.REPLY) {
    throw new WireError(`ARP: operation ${op} is neither request (1) nor reply (2)`);
  }
  return {
    op,
    senderMac: getMac(bytes, off + 8),
    senderIp: get32(bytes, off + 14),
    targetMac: getMac(bytes, off + 18),
    targetIp: get32(bytes, off + 24),
  };
}
