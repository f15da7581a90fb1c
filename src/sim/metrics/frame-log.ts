import type { Nanoseconds } from '../core/time.ts';
import type { Link, LinkDirection } from '../link/link.ts';
import { frameWireBytes, udpDataBytes } from '../wire/size.ts';
import {
  ArpOp,
  BROADCAST_MAC,
  ETHERTYPE_IPV4,
  ETHERTYPE_MAC_CONTROL,
  IP_PROTO_TCP,
  IP_PROTO_UDP,
  type EthernetFrame,
  type Mac,
} from '../wire/types.ts';

/** The live lab keeps this many recent frames per port (the packet list's ring). */
export const FRAMES_PER_PORT = 5000;

export type FrameKind = 'arp-request' | 'arp-reply' | 'tcp' | 'icmp' | 'pause' | 'udp';
const KINDS: readonly FrameKind[] = ['arp-request', 'arp-reply', 'tcp', 'icmp', 'pause', 'udp'];
const KIND_ARP_REQUEST = 0;
const KIND_ARP_REPLY = 1;
const KIND_TCP = 2;
const KIND_ICMP = 3;
const KIND_PAUSE = 4;
const KIND_UDP = 5;
/** UDP rows keep the IP id in the seq column and offset << 1 | MF in the ack column. */
const NOT_A_FRAGMENT = 0xffff_ffff;

const BIT_RX = 1;
const BIT_STALE = 2;

/** Ethernet FCS: on the medium, not in a capture. */
const FCS_BYTES = 4;

/**
 * One captured frame's fields as numbers (addresses unformatted). For ARP the IPs are
 * the sender's and the target's; for ICMP the TCP fields are 0 and `icmp*` say what it is;
 * for UDP the ports are 0 on a fragment that does not hold the UDP header (a capture
 * cannot see them there), and `ipId`, `fragmentOffset`, `moreFragments` say which piece
 * of which datagram it is (`fragmentOffset` -1 for a whole datagram).
 */
export interface FrameRecord {
  /**
   * 1-based position among every frame captured on this port since t = 0: the frame
   * number Wireshark shows for it in the port's pcap (same capture points).
   */
  number: number;
  timeNs: Nanoseconds;
  /** tx: the port sent it (seen as it left); rx: it came from the peer (seen as it arrived). */
  dir: LinkDirection;
  kind: FrameKind;
  srcMac: Mac;
  dstMac: Mac;
  srcIp: number;
  dstIp: number;
  srcPort: number;
  dstPort: number;
  /** TCP flag bits (TcpFlag). */
  flags: number;
  seq: number;
  ack: number;
  /** The 16-bit window field as sent (unscaled). */
  window: number;
  payloadBytes: number;
  /** As a capture records it: no FCS, padded to 60 bytes. */
  frameBytes: number;
  /** Sent (tx, unicast) to a MAC no host on the port's far side answers to: it is lost. */
  staleMac: boolean;
  icmpType: number;
  icmpCode: number;
  nextHopMtu: number;
  ipId: number;
  fragmentOffset: number;
  moreFragments: boolean;
}

/** Whether a host on `port`'s far side currently has `mac` (World.peerAnswers). */
export type PeerAnswers = (port: number, mac: Mac) => boolean;

/** One port's ring: parallel typed arrays, so recording a frame allocates nothing. */
class PortRing {
  readonly time: Float64Array;
  readonly srcMac: Float64Array;
  readonly dstMac: Float64Array;
  readonly srcIp: Uint32Array;
  readonly dstIp: Uint32Array;
  readonly seq: Uint32Array;
  readonly ack: Uint32Array;
  /** ICMP: type << 24 | code << 16 | next-hop MTU. */
  readonly icmp: Uint32Array;
  readonly srcPort: Uint16Array;
  readonly dstPort: Uint16Array;
  readonly window: Uint16Array;
  readonly payload: Uint32Array;
  readonly length: Uint32Array;
  readonly flags: Uint8Array;
  readonly kind: Uint8Array;
  readonly bits: Uint8Array;
  /** Frames recorded since t = 0; the newest sits at (seen - 1) % capacity. */
  seen = 0;

  constructor(readonly capacity: number) {
    this.time = new Float64Array(capacity);
    this.srcMac = new Float64Array(capacity);
    this.dstMac = new Float64Array(capacity);
    this.srcIp = new Uint32Array(capacity);
    this.dstIp = new Uint32Array(capacity);
    this.seq = new Uint32Array(capacity);
    this.ack = new Uint32Array(capacity);
    this.icmp = new Uint32Array(capacity);
    this.srcPort = new Uint16Array(capacity);
    this.dstPort = new Uint16Array(capacity);
    this.window = new Uint16Array(capacity);
    this.payload = new Uint32Array(capacity);
    this.length = new Uint32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.bits = new Uint8Array(capacity);
  }

  record(dir: LinkDirection, now: Nanoseconds, frame: EthernetFrame, stale: boolean): void {
    const i = this.seen % this.capacity;
    this.seen++;
    this.time[i] = now;
    this.srcMac[i] = frame.src;
    this.dstMac[i] = frame.dst;
    this.bits[i] = (dir === 'rx' ? BIT_RX : 0) | (stale ? BIT_STALE : 0);
    this.length[i] = frameWireBytes(frame) - FCS_BYTES;
    let kind = KIND_TCP;
    let srcPort = 0;
    let dstPort = 0;
    let flags = 0;
    let seq = 0;
    let ack = 0;
    let window = 0;
    let payload = 0;
    let icmp = 0;
    if (frame.etherType === ETHERTYPE_IPV4) {
      const ip = frame.ip;
      this.srcIp[i] = ip.src;
      this.dstIp[i] = ip.dst;
      if (ip.protocol === IP_PROTO_TCP) {
        const tcp = ip.tcp;
        srcPort = tcp.srcPort;
        dstPort = tcp.dstPort;
        flags = tcp.flags;
        seq = tcp.seq;
        ack = tcp.ack;
        window = tcp.window;
        payload = tcp.payload.length;
      } else if (ip.protocol === IP_PROTO_UDP) {
        kind = KIND_UDP;
        const f = ip.fragment;
        if (f === null || f.offset === 0) {
          srcPort = ip.udp.srcPort;
          dstPort = ip.udp.dstPort;
        }
        payload = udpDataBytes(frame);
        seq = ip.id;
        ack = f === null ? NOT_A_FRAGMENT : f.offset * 2 + (f.more ? 1 : 0);
      } else {
        kind = KIND_ICMP;
        const m = ip.icmp;
        icmp = ((m.type << 24) | (m.code << 16) | m.nextHopMtu) >>> 0;
      }
    } else if (frame.etherType === ETHERTYPE_MAC_CONTROL) {
      // A PAUSE's quanta in the window column (0 = XON).
      kind = KIND_PAUSE;
      window = frame.pause.quanta;
      this.srcIp[i] = 0;
      this.dstIp[i] = 0;
    } else {
      const arp = frame.arp;
      kind = arp.op === ArpOp.REQUEST ? KIND_ARP_REQUEST : KIND_ARP_REPLY;
      this.srcIp[i] = arp.senderIp;
      this.dstIp[i] = arp.targetIp;
    }
    this.kind[i] = kind;
    this.srcPort[i] = srcPort;
    this.dstPort[i] = dstPort;
    this.flags[i] = flags;
    this.seq[i] = seq;
    this.ack[i] = ack;
    this.window[i] = window;
    this.payload[i] = payload;
    this.icmp[i] = icmp;
  }

  /** The k-th kept frame, oldest first (0 ≤ k < kept). */
  read(k: number, into: FrameRecord): FrameRecord {
    const kept = Math.min(this.seen, this.capacity);
    const number = this.seen - kept + k + 1;
    const i = (number - 1) % this.capacity;
    const bits = this.bits[i]!;
    const icmp = this.icmp[i]!;
    into.number = number;
    into.timeNs = this.time[i]!;
    into.dir = bits & BIT_RX ? 'rx' : 'tx';
    into.kind = KINDS[this.kind[i]!]!;
    into.srcMac = this.srcMac[i]!;
    into.dstMac = this.dstMac[i]!;
    into.srcIp = this.srcIp[i]!;
    into.dstIp = this.dstIp[i]!;
    into.srcPort = this.srcPort[i]!;
    into.dstPort = this.dstPort[i]!;
    into.flags = this.flags[i]!;
    into.seq = this.seq[i]!;
    into.ack = this.ack[i]!;
    into.window = this.window[i]!;
    into.payloadBytes = this.payload[i]!;
    into.frameBytes = this.length[i]!;
    into.staleMac = (bits & BIT_STALE) !== 0;
    into.icmpType = icmp >>> 24;
    into.icmpCode = (icmp >>> 16) & 0xff;
    into.nextHopMtu = icmp & 0xffff;
    const udp = into.kind === 'udp';
    const frag = udp ? this.ack[i]! : NOT_A_FRAGMENT;
    into.ipId = udp ? this.seq[i]! : 0;
    into.fragmentOffset = frag === NOT_A_FRAGMENT ? -1 : Math.floor(frag / 2);
    into.moreFragments = frag !== NOT_A_FRAGMENT && frag % 2 === 1;
    if (udp) {
      into.seq = 0;
      into.ack = 0;
    }
    return into;
  }
}

export function emptyRecord(): FrameRecord {
  return {
    number: 0,
    timeNs: 0,
    dir: 'tx',
    kind: 'tcp',
    srcMac: 0,
    dstMac: 0,
    srcIp: 0,
    dstIp: 0,
    srcPort: 0,
    dstPort: 0,
    flags: 0,
    seq: 0,
    ack: 0,
    window: 0,
    payloadBytes: 0,
    frameBytes: 0,
    staleMac: false,
    icmpType: 0,
    icmpCode: 0,
    nextHopMtu: 0,
    ipId: 0,
    fragmentOffset: -1,
    moreFragments: false,
  };
}

/**
 * The most recent frames of each port, captured where the port meets its wire — the
 * same points as the pcap capture (src/sim/world/capture.ts): the port's frames as they
 * leave, the peer's as they arrive — so frame numbers agree with the port's pcap.
 *
 * A frame the port sends to a unicast MAC that nobody on the far side answers to (the
 * peer moved away after a gratuitous ARP) is marked stale as it leaves, by asking the
 * ground truth then, as the sync ledger does. Unlike the results' `framesToStaleMac`,
 * which counts only frames the card built from its shadow entries, the mark is on every
 * such frame, whoever addressed it.
 */
export class FrameLog {
  private readonly rings: PortRing[];

  constructor(
    links: readonly Link[],
    peerAnswers: PeerAnswers,
    readonly capacity: number = FRAMES_PER_PORT,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`frame log capacity must be a positive integer, got ${capacity}`);
    }
    this.rings = links.map((link, port) => {
      const ring = new PortRing(capacity);
      link.onDepart((direction, now, frame) => {
        if (direction !== 'tx') return;
        const stale = frame.dst !== BROADCAST_MAC && !peerAnswers(port, frame.dst);
        ring.record('tx', now, frame, stale);
      });
      link.onArrive((direction, now, frame) => {
        if (direction === 'rx') ring.record('rx', now, frame, false);
      });
      return ring;
    });
  }

  get ports(): number {
    return this.rings.length;
  }

  /** Frames kept for `port` (at most `capacity`). */
  kept(port: number): number {
    const ring = this.ringOf(port);
    return Math.min(ring.seen, ring.capacity);
  }

  /** Frames captured on `port` since t = 0. */
  seen(port: number): number {
    return this.ringOf(port).seen;
  }

  /**
   * The k-th kept frame of `port`, oldest first, written into `into` (pass one record
   * and reuse it when scanning the ring).
   */
  read(port: number, k: number, into: FrameRecord = emptyRecord()): FrameRecord {
    const kept = this.kept(port);
    if (!(k >= 0 && k < kept)) throw new RangeError(`frame ${k} of ${kept} kept on port ${port}`);
    return this.ringOf(port).read(k, into);
  }

  private ringOf(port: number): PortRing {
    const ring = this.rings[port];
    if (!ring) throw new RangeError(`no port ${port} (ports 0–${this.rings.length - 1})`);
    return ring;
  }
}
