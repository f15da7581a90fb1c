import { putMac } from './address.ts';
import { put16, put32 } from './bytes.ts';
import { writeArp } from './arp.ts';
import { writeIcmp } from './icmp.ts';
import { writeIpv4Header } from './ipv4.ts';
import { ARP_LENGTH, IPV4_HEADER, ipTotalLength } from './size.ts';
import { writeTcp } from './tcp.ts';
import { writeUdp, writeUdpFragment } from './udp.ts';
import {
  ETHERNET_MIN_FRAME,
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  ETHERTYPE_MAC_CONTROL,
  IP_PROTO_ICMP,
  IP_PROTO_TCP,
  IP_PROTO_UDP,
  type EthernetFrame,
  type Ipv4Packet,
} from './types.ts';

/** MAC Control opcode of PAUSE (IEEE 802.3 Annex 31B.3). */
export const PAUSE_OPCODE = 0x0001;

/** Destination, source, EtherType (IEEE 802.3 §3.2). */
export const ETHERNET_HEADER = 14;
/** The frame check sequence, which captures do not include. */
export const ETHERNET_FCS = 4;
/** The shortest frame a capture sees: 64 bytes on the medium less the FCS. */
export const MIN_CAPTURED_FRAME = ETHERNET_MIN_FRAME - ETHERNET_FCS;
/** What an ICMP error quotes of a datagram beyond its IP header (RFC 792). */
export const QUOTED_PAYLOAD = 8;

/**
 * The frame's bytes as a capture sees them: no FCS, zero padding up to 60 bytes, every
 * checksum correct. Throws a WireError if a field is out of range or the TCP options do
 * not fit; `frameWireBytes(frame) - 4` is the length for frames of 64 bytes or more.
 */
export function serializeFrame(frame: EthernetFrame): Uint8Array {
  const payloadLength = frame.etherType === ETHERTYPE_IPV4 ? ipTotalLength(frame.ip) : ARP_LENGTH;
  // (A PAUSE frame's opcode and quanta fit well inside the 60-byte minimum.)
  // A fresh Uint8Array is zeroed, which is the padding.
  const buf = new Uint8Array(Math.max(MIN_CAPTURED_FRAME, ETHERNET_HEADER + payloadLength));
  putMac(buf, 0, frame.dst);
  putMac(buf, 6, frame.src);
  put16(buf, 12, frame.etherType, 'EtherType');
  switch (frame.etherType) {
    case ETHERTYPE_IPV4:
      writeIpv4Packet(buf, ETHERNET_HEADER, frame.ip, payloadLength);
      break;
    case ETHERTYPE_ARP:
      writeArp(buf, ETHERNET_HEADER, frame.arp);
      break;
    case ETHERTYPE_MAC_CONTROL:
      put16(buf, ETHERNET_HEADER, PAUSE_OPCODE, 'MAC Control opcode');
      put16(buf, ETHERNET_HEADER + 2, frame.pause.quanta, 'PAUSE quanta');
      break;
    default:
      return unreachable(frame);
  }
  return buf;
}

function writeIpv4Packet(
  buf: Uint8Array,
  off: number,
  packet: Ipv4Packet,
  totalLength: number,
): void {
  const fragment = packet.protocol === IP_PROTO_UDP ? packet.fragment : null;
  writeIpv4Header(buf, off, packet, totalLength, fragment);
  switch (packet.protocol) {
    case IP_PROTO_TCP:
      writeTcp(buf, off + IPV4_HEADER, packet.tcp, packet.src, packet.dst);
      break;
    case IP_PROTO_ICMP:
      writeIcmp(buf, off + IPV4_HEADER, packet.icmp);
      break;
    case IP_PROTO_UDP:
      if (packet.fragment === null)
        writeUdp(buf, off + IPV4_HEADER, packet.udp, packet.src, packet.dst);
      else {
        writeUdpFragment(
          buf,
          off + IPV4_HEADER,
          packet.udp,
          packet.fragment,
          packet.src,
          packet.dst,
        );
      }
      break;
    default:
      unreachable(packet);
  }
}

/**
 * What an ICMP error quotes of `packet` (RFC 792): its IP header, total length and
 * checksum as sent, and the first 8 bytes of its payload (for TCP: ports and sequence
 * number, RFC 5927 §4.1 is why receivers check that sequence number).
 */
export function quoteDatagram(packet: Ipv4Packet): Uint8Array {
  const totalLength = ipTotalLength(packet);
  if (packet.protocol === IP_PROTO_TCP) {
    // The first 8 bytes of a TCP header do not depend on its checksum: write just those.
    const buf = new Uint8Array(IPV4_HEADER + QUOTED_PAYLOAD);
    writeIpv4Header(buf, 0, packet, totalLength);
    const seg = packet.tcp;
    put16(buf, IPV4_HEADER, seg.srcPort, 'TCP source port');
    put16(buf, IPV4_HEADER + 2, seg.dstPort, 'TCP destination port');
    put32(buf, IPV4_HEADER + 4, seg.seq, 'TCP sequence number');
    return buf;
  }
  const whole = new Uint8Array(totalLength);
  writeIpv4Packet(whole, 0, packet, totalLength);
  return whole.slice(0, IPV4_HEADER + QUOTED_PAYLOAD);
}

function unreachable(value: never): never {
  throw new Error(`unhandled variant ${JSON.stringify(value)}`);
}
