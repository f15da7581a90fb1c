import { quoteDatagram } from './serialize.ts';
import {
  ArpOp,
  BROADCAST_MAC,
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  IP_PROTO_ICMP,
  IP_PROTO_TCP,
  ZERO_MAC,
  type EthernetFrame,
  type Ipv4Packet,
  type TcpSegment,
} from './types.ts';

/**
 * Frame builders for tests: a host (02:00:00:00:00:01, 10.0.0.1) and its peer
 * (02:00:00:00:00:02, 10.0.0.2). Every field has a plain default; override what a test
 * is about.
 */
export const HOST_MAC = 0x02_00_00_00_00_01;
export const PEER_MAC = 0x02_00_00_00_00_02;
export const HOST_IP = 0x0a_00_00_01;
export const PEER_IP = 0x0a_00_00_02;

export function segment(overrides: Partial<TcpSegment> = {}): TcpSegment {
  return {
    srcPort: 40000,
    dstPort: 5001,
    seq: 1000,
    ack: 0,
    flags: 0,
    window: 65535,
    mss: null,
    windowScale: null,
    sackPermitted: false,
    sack: null,
    tsVal: null,
    tsEcr: 0,
    payload: new Uint8Array(0),
    ...overrides,
  };
}

export function tcpPacket(seg: TcpSegment, from = HOST_IP, to = PEER_IP): Ipv4Packet {
  return {
    src: from,
    dst: to,
    ttl: 64,
    id: 0,
    dontFragment: true,
    protocol: IP_PROTO_TCP,
    tcp: seg,
  };
}

export function tcpFrame(
  seg: Partial<TcpSegment> = {},
  direction: 'out' | 'in' = 'out',
): EthernetFrame {
  const out = direction === 'out';
  return {
    dst: out ? PEER_MAC : HOST_MAC,
    src: out ? HOST_MAC : PEER_MAC,
    etherType: ETHERTYPE_IPV4,
    ip: tcpPacket(segment(seg), out ? HOST_IP : PEER_IP, out ? PEER_IP : HOST_IP),
  };
}

export function arpRequest(): EthernetFrame {
  return {
    dst: BROADCAST_MAC,
    src: HOST_MAC,
    etherType: ETHERTYPE_ARP,
    arp: {
      op: ArpOp.REQUEST,
      senderMac: HOST_MAC,
      senderIp: HOST_IP,
      targetMac: ZERO_MAC,
      targetIp: PEER_IP,
    },
  };
}

export function arpReply(): EthernetFrame {
  return {
    dst: HOST_MAC,
    src: PEER_MAC,
    etherType: ETHERTYPE_ARP,
    arp: {
      op: ArpOp.REPLY,
      senderMac: PEER_MAC,
      senderIp: PEER_IP,
      targetMac: HOST_MAC,
      targetIp: HOST_IP,
    },
  };
}

/** A router's "fragmentation needed" (type 3 code 4, RFC 1191) about `offending`. */
export function fragNeeded(
  offending: Ipv4Packet,
  mtu: number,
  router = 0x0a_00_00_fe,
): EthernetFrame {
  return {
    dst: HOST_MAC,
    src: PEER_MAC,
    etherType: ETHERTYPE_IPV4,
    ip: {
      src: router,
      dst: offending.src,
      ttl: 255,
      id: 7,
      dontFragment: false,
      protocol: IP_PROTO_ICMP,
      icmp: { type: 3, code: 4, nextHopMtu: mtu, quoted: quoteDatagram(offending) },
    },
  };
}

/** Deterministic payload bytes (i * 31 + 7 mod 256): recognisable in a hex dump. */
export function payloadOf(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + 7) & 0xff;
  return bytes;
}
