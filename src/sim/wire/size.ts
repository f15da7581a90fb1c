import {
  IP_PROTO_TCP,
  IP_PROTO_UDP,
  TcpFlag,
  ETHERNET_MIN_FRAME,
  ETHERNET_OVERHEAD,
  ETHERNET_PREAMBLE_AND_IFG,
  type EthernetFrame,
  type Ipv4Packet,
  type TcpSegment,
  type UdpPacket,
} from './types.ts';

/**
 * Lengths computed from representations without serialising, for the hot path (wire
 * serialisation time, MSS arithmetic). The serialiser lays options out exactly so:
 * Linux's order (MSS, SACK-permitted + timestamps, NOP + window scale; data segments
 * NOP NOP timestamps, NOP NOP SACK blocks).
 */
export function tcpOptionsLength(seg: TcpSegment): number {
  let n = 0;
  if (seg.mss !== null) n += 4;
  if (seg.tsVal !== null)
    n += 12; // 10 bytes, padded by 2 NOPs or by SACK-permitted
  else if (seg.sackPermitted) n += 4; // NOP NOP SACK-permitted
  if (seg.windowScale !== null) n += 4; // NOP + 3
  if (seg.sack !== null && seg.sack.length > 0) n += 4 + 8 * seg.sack.length;
  return n;
}

export const TCP_BASE_HEADER = 20;
export const IPV4_HEADER = 20;
/** ICMP header (8) before the quoted datagram. */
export const ICMP_HEADER = 8;

export function tcpHeaderLength(seg: TcpSegment): number {
  return TCP_BASE_HEADER + tcpOptionsLength(seg);
}

/** UDP header (RFC 768). */
export const UDP_HEADER_BYTES = 8;

export function ipTotalLength(packet: Ipv4Packet): number {
  if (packet.protocol === IP_PROTO_TCP) {
    return IPV4_HEADER + tcpHeaderLength(packet.tcp) + packet.tcp.payload.length;
  }
  if (packet.protocol === IP_PROTO_UDP) {
    const f = packet.fragment;
    return IPV4_HEADER + (f === null ? UDP_HEADER_BYTES + packet.udp.payload.length : f.length);
  }
  return IPV4_HEADER + ICMP_HEADER + packet.icmp.quoted.length;
}

/** ARP payload (28) for Ethernet/IPv4. */
export const ARP_LENGTH = 28;

/** Frame length including FCS and padding to 64 bytes: what occupies the medium. */
export function frameWireBytes(frame: EthernetFrame): number {
  if (frame.etherType !== 0x0800)
    return Math.max(ETHERNET_MIN_FRAME, ARP_LENGTH + ETHERNET_OVERHEAD);
  return frame.wireBytes ?? ipFrameBytes(frame.ip);
}

/** An IPv4 packet's frame on the medium: header, FCS, padding to 64 bytes. */
export function ipFrameBytes(packet: Ipv4Packet): number {
  return ipLengthFrameBytes(ipTotalLength(packet));
}

/** The frame on the medium around an IPv4 packet of `totalLength` bytes. */
export function ipLengthFrameBytes(totalLength: number): number {
  return Math.max(ETHERNET_MIN_FRAME, totalLength + ETHERNET_OVERHEAD);
}

/**
 * Wire occupancy in ns at `mbps`: (max(64, frame) + preamble + IFG) × 8 / rate, rounded up
 * to the scheduler's whole nanosecond — a frame's last bit cannot leave before its time,
 * so the wire never carries more than its rate (rounding to nearest let a 10.8 Mbit/s
 * port carry 100.0005 % of its line, issue 12).
 */
export function wireTimeNs(frameBytes: number, mbps: number): number {
  const bits = (Math.max(ETHERNET_MIN_FRAME, frameBytes) + ETHERNET_PREAMBLE_AND_IFG) * 8;
  return Math.ceil((bits * 1000) / mbps);
}

/** TCP payload bytes a frame carries (0 for anything but IPv4 TCP). */
export function tcpPayloadBytes(frame: EthernetFrame): number {
  if (frame.etherType !== 0x0800) return 0;
  const ip = frame.ip;
  return ip.protocol === IP_PROTO_TCP ? ip.tcp.payload.length : 0;
}

/**
 * UDP application bytes a frame carries: a whole datagram's payload, or a fragment's
 * share of it (the first fragment also carries the 8-byte header). 0 for anything else.
 */
export function udpDataBytes(frame: EthernetFrame): number {
  if (frame.etherType !== 0x0800 || frame.ip.protocol !== IP_PROTO_UDP) return 0;
  return udpPacketDataBytes(frame.ip);
}

function udpPacketDataBytes(packet: UdpPacket): number {
  const f = packet.fragment;
  if (f === null) return packet.udp.payload.length;
  return f.offset === 0 ? f.length - UDP_HEADER_BYTES : f.length;
}

/**
 * Application payload a frame carries, TCP or UDP: what DMA books as payload. The NIC,
 * driver and DMA paths ask several times per frame, so each frame type is tested once.
 */
export function payloadBytes(frame: EthernetFrame): number {
  if (frame.etherType !== 0x0800) return 0;
  const ip = frame.ip;
  if (ip.protocol === IP_PROTO_TCP) return ip.tcp.payload.length;
  return ip.protocol === IP_PROTO_UDP ? udpPacketDataBytes(ip) : 0;
}

/** A TCP segment with only the ACK flag and no payload. */
export function isPureAck(frame: EthernetFrame): boolean {
  if (frame.etherType !== 0x0800 || frame.ip.protocol !== 6) return false;
  const seg = frame.ip.tcp;
  return seg.payload.length === 0 && seg.flags === TcpFlag.ACK;
}

/** Ethernet header without FCS: what DMA moves of the link layer. */
const ETHERNET_HEADER = 14;

/** Bytes of the frame before its payload: Ethernet, IP and TCP or UDP headers (no FCS). */
export function headerBytes(frame: EthernetFrame): number {
  if (frame.etherType !== 0x0800) return ETHERNET_HEADER + ARP_LENGTH;
  const ip = frame.ip;
  // A TCP frame's headers without adding its payload in and taking it out again.
  if (ip.protocol === IP_PROTO_TCP) return ETHERNET_HEADER + IPV4_HEADER + tcpHeaderLength(ip.tcp);
  return ETHERNET_HEADER + ipTotalLength(ip) - payloadBytes(frame);
}
