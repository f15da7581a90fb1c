/**
 * Parsed representations of the frames the simulator moves around. TCP, IP and ARP
 * logic see only these; byte views (serialise/parse) exist for checksums and the pcap
 * writer (STYLE.md: bytes at the edges, representations inside).
 */

/** A 48-bit MAC address held in a number (exact below 2^53). */
export type Mac = number;
/** An IPv4 address as an unsigned 32-bit number. */
export type Ipv4 = number;

export const BROADCAST_MAC: Mac = 0xffff_ffff_ffff;
export const ZERO_MAC: Mac = 0;

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
/** IEEE 802.3 Annex 31B MAC Control (PAUSE is opcode 1). */
export const ETHERTYPE_MAC_CONTROL = 0x8808;
/** The reserved multicast address PAUSE frames go to (IEEE 802.3 Annex 31B.1). */
export const PAUSE_MAC: Mac = 0x01_80_c2_00_00_01;
export const IP_PROTO_ICMP = 1;
export const IP_PROTO_TCP = 6;
export const IP_PROTO_UDP = 17;

/** TCP flag bits as in the header's 13th byte (RFC 9293 §3.1). */
export const TcpFlag = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;

/** A SACK block: [left, right) in sequence space (RFC 2018). */
export interface SackBlock {
  readonly left: number;
  readonly right: number;
}

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  /** Sequence and acknowledgement numbers, unsigned 32-bit. */
  seq: number;
  ack: number;
  /** Bitmask of TcpFlag. */
  flags: number;
  /** The 16-bit window field as on the wire (unscaled). */
  window: number;
  /** Options; null / false when absent. */
  mss: number | null;
  windowScale: number | null;
  sackPermitted: boolean;
  sack: readonly SackBlock[] | null;
  /** Timestamps option (RFC 7323) is present iff tsVal !== null. */
  tsVal: number | null;
  tsEcr: number;
  /** Real payload bytes (a view; never mutated once sent). */
  payload: Uint8Array;
}

export interface IcmpMessage {
  /** 3 = destination unreachable. */
  type: number;
  /** 4 = fragmentation needed and DF set (RFC 1191). */
  code: number;
  /** Next-hop MTU for code 4, else 0. */
  nextHopMtu: number;
  /** The offending datagram's IP header and first 8 bytes of its payload. */
  quoted: Uint8Array;
}

/**
 * A UDP datagram (RFC 768). `checksummed: false` sends the checksum field as zero, "no
 * checksum" in IPv4 (what Linux sends on a socket with SO_NO_CHECK); otherwise the
 * serialiser computes it over the pseudo-header, a computed 0 going out as 0xffff.
 */
export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  checksummed: boolean;
  /** Real payload bytes (a view; never mutated once sent). */
  payload: Uint8Array;
}

/**
 * Which bytes of the IP payload (the UDP header and data) one fragment carries (RFC 791
 * §2.3): `offset` is a multiple of 8, `more` is the MF flag. Every fragment of a
 * datagram refers to the same UdpDatagram; the serialiser writes its slice.
 */
export interface Ipv4Fragment {
  offset: number;
  length: number;
  more: boolean;
}

interface Ipv4Common {
  src: Ipv4;
  dst: Ipv4;
  ttl: number;
  /** Identification field. */
  id: number;
  dontFragment: boolean;
}

export type Ipv4Packet =
  | (Ipv4Common & { protocol: typeof IP_PROTO_TCP; tcp: TcpSegment })
  | (Ipv4Common & { protocol: typeof IP_PROTO_ICMP; icmp: IcmpMessage })
  | UdpPacket;

/** An IPv4 packet carrying a UDP datagram, whole (`fragment` null) or one fragment of it. */
export type UdpPacket = Ipv4Common & {
  protocol: typeof IP_PROTO_UDP;
  udp: UdpDatagram;
  fragment: Ipv4Fragment | null;
};

export const ArpOp = { REQUEST: 1, REPLY: 2 } as const;

export interface ArpPacket {
  op: (typeof ArpOp)[keyof typeof ArpOp];
  senderMac: Mac;
  senderIp: Ipv4;
  targetMac: Mac;
  targetIp: Ipv4;
}

/**
 * An 802.3x PAUSE (IEEE 802.3 Annex 31B): the receiver's MAC stops sending for `quanta` ×
 * 512 bit times; 0 (XON) lets it go on. It never leaves the MAC for a host.
 */
export interface PauseFrame {
  quanta: number;
}

export type EthernetFrame =
  | {
      dst: Mac;
      src: Mac;
      etherType: typeof ETHERTYPE_IPV4;
      ip: Ipv4Packet;
      /**
       * Bytes on the medium (size.ts frameWireBytes), kept when IP frames the packet: the
       * ports, FIFOs, wire and queues each ask for it, several times per frame.
       */
      wireBytes?: number;
    }
  | { dst: Mac; src: Mac; etherType: typeof ETHERTYPE_ARP; arp: ArpPacket }
  | { dst: Mac; src: Mac; etherType: typeof ETHERTYPE_MAC_CONTROL; pause: PauseFrame };

/** Bytes of Ethernet framing around the payload: header 14 + FCS 4. */
export const ETHERNET_OVERHEAD = 18;
/** Minimum frame incl. FCS; shorter frames are padded (IEEE 802.3). */
export const ETHERNET_MIN_FRAME = 64;
/** Preamble + SFD (8) and inter-frame gap (12): wire time a frame costs beyond its bytes. */
export const ETHERNET_PREAMBLE_AND_IFG = 20;
