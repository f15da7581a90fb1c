import { getMac } from './address.ts';
import { readArp } from './arp.ts';
import { get16, get32, need, WireError } from './bytes.ts';
import { readIcmp } from './icmp.ts';
import { readIpv4Header } from './ipv4.ts';
import { ETHERNET_HEADER, PAUSE_OPCODE, QUOTED_PAYLOAD } from './serialize.ts';
import { IPV4_HEADER } from './size.ts';
import { readTcp } from './tcp.ts';
import { readUdp } from './udp.ts';
import {
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  ETHERTYPE_MAC_CONTROL,
  IP_PROTO_ICMP,
  IP_PROTO_TCP,
  IP_PROTO_UDP,
  type EthernetFrame,
  type Ipv4,
  type Ipv4Packet,
} from './types.ts';

export { WireError };

export interface ParseOptions {
  /** Check the IPv4 header, TCP and ICMP checksums (default true). */
  verifyChecksums?: boolean;
}

/**
 * The inverse of `serializeFrame`: parseFrame(serializeFrame(f)) deep-equals f when f is
 * in canonical form (no SACK is null, tsEcr is 0 without timestamps). Payloads and
 * quoted datagrams are views into `bytes`, not copies. Bytes past the IP total length
 * are padding and ignored. Throws a WireError on anything the model does not produce:
 * VLAN tags, IP options, protocols other than TCP, UDP and ICMP — and on a fragment,
 * which alone is not a datagram: `readFragment` reads those.
 */
export function parseFrame(bytes: Uint8Array, options: ParseOptions = {}): EthernetFrame {
  const verify = options.verifyChecksums ?? true;
  need(bytes.length, 0, ETHERNET_HEADER, 'Ethernet header');
  const dst = getMac(bytes, 0);
  const src = getMac(bytes, 6);
  const etherType = get16(bytes, 12);
  switch (etherType) {
    case ETHERTYPE_IPV4:
      return { dst, src, etherType, ip: readIpv4Packet(bytes, ETHERNET_HEADER, verify) };
    case ETHERTYPE_ARP:
      return { dst, src, etherType, arp: readArp(bytes, ETHERNET_HEADER, bytes.length) };
    case ETHERTYPE_MAC_CONTROL: {
      need(bytes.length, ETHERNET_HEADER, 4, 'MAC Control');
      const opcode = get16(bytes, ETHERNET_HEADER);
      if (opcode !== PAUSE_OPCODE) throw new WireError(`MAC Control: unsupported opcode ${opcode}`);
      return {
        dst,
        src,
        etherType: ETHERTYPE_MAC_CONTROL,
        pause: { quanta: get16(bytes, ETHERNET_HEADER + 2) },
      };
    }
    default:
      throw new WireError(`Ethernet: unsupported EtherType 0x${etherType.toString(16)}`);
  }
}

function readIpv4Packet(bytes: Uint8Array, off: number, verify: boolean): Ipv4Packet {
  const h = readIpv4Header(bytes, off, bytes.length, verify);
  if (h.fragmentOffset !== 0 || h.moreFragments) {
    throw new WireError(
      `IPv4: a fragment (offset ${h.fragmentOffset}${h.moreFragments ? ', MF' : ''}) is not a whole packet; read it with readFragment`,
    );
  }
  const common = { src: h.src, dst: h.dst, ttl: h.ttl, id: h.id, dontFragment: h.dontFragment };
  const payloadOff = off + IPV4_HEADER;
  const payloadLength = h.totalLength - IPV4_HEADER;
  switch (h.protocol) {
    case IP_PROTO_TCP:
      return {
        ...common,
        protocol: IP_PROTO_TCP,
        tcp: readTcp(bytes, payloadOff, payloadLength, h.src, h.dst, verify),
      };
    case IP_PROTO_ICMP:
      return {
        ...common,
        protocol: IP_PROTO_ICMP,
        icmp: readIcmp(bytes, payloadOff, payloadLength, verify),
      };
    case IP_PROTO_UDP:
      return {
        ...common,
        protocol: IP_PROTO_UDP,
        udp: readUdp(bytes, payloadOff, payloadLength, h.src, h.dst, verify),
        fragment: null,
      };
    default:
      throw new WireError(`IPv4: unsupported protocol ${h.protocol}`);
  }
}

/** The fields of a quoted datagram an ICMP error handler needs to find its connection. */
export interface QuotedDatagram {
  src: Ipv4;
  dst: Ipv4;
  protocol: number;
  /** TCP ports and sequence number; 0 when `protocol` is not TCP. */
  srcPort: number;
  dstPort: number;
  seq: number;
}

/**
 * Reads what an ICMP error quotes (RFC 792): an IP header, possibly with options, then at
 * least 8 bytes of the original payload. The quoted header's checksum is not checked:
 * routers may quote a header they have already changed (RFC 1812 §4.3.2.3).
 */
export function parseQuoted(bytes: Uint8Array): QuotedDatagram {
  need(bytes.length, 0, IPV4_HEADER, 'quoted IPv4 header');
  const versionIhl = bytes[0]!;
  if (versionIhl >>> 4 !== 4) {
    throw new WireError(`quoted datagram: IP version ${versionIhl >>> 4}, expected 4`);
  }
  const headerLength = (versionIhl & 0x0f) * 4;
  if (headerLength < IPV4_HEADER) {
    throw new WireError(`quoted datagram: IP header length ${headerLength} is below 20`);
  }
  need(bytes.length, headerLength, QUOTED_PAYLOAD, 'quoted datagram payload');
  const protocol = bytes[9]!;
  const isTcp = protocol === IP_PROTO_TCP;
  return {
    src: get32(bytes, 12),
    dst: get32(bytes, 16),
    protocol,
    srcPort: isTcp ? get16(bytes, headerLength) : 0,
    dstPort: isTcp ? get16(bytes, headerLength + 2) : 0,
    seq: isTcp ? get32(bytes, headerLength + 4) : 0,
  };
}

/** One IPv4 fragment as bytes: what reassembly needs (RFC 791 §3.2 — src, dst, id, protocol). */
export interface FragmentBytes {
  src: Ipv4;
  dst: Ipv4;
  id: number;
  protocol: number;
  dontFragment: boolean;
  /** Byte offset into the datagram's IP payload, and the MF flag. */
  offset: number;
  more: boolean;
  /** The fragment's share of the IP payload (a view into the frame's bytes). */
  data: Uint8Array;
}

/** Reads an Ethernet frame holding an IPv4 packet, fragment or not, without interpreting its payload. */
export function readFragment(bytes: Uint8Array): FragmentBytes {
  need(bytes.length, 0, ETHERNET_HEADER, 'Ethernet header');
  const etherType = get16(bytes, 12);
  if (etherType !== ETHERTYPE_IPV4) {
    throw new WireError(`Ethernet: EtherType 0x${etherType.toString(16)} is not IPv4`);
  }
  const h = readIpv4Header(bytes, ETHERNET_HEADER, bytes.length, true);
  const start = ETHERNET_HEADER + IPV4_HEADER;
  return {
    src: h.src,
    dst: h.dst,
    id: h.id,
    protocol: h.protocol,
    dontFragment: h.dontFragment,
    offset: h.fragmentOffset,
    more: h.moreFragments,
    data: bytes.subarray(start, ETHERNET_HEADER + h.totalLength),
  };
}
