import type { IpLayer, UdpSendPolicy, UdpTransport } from '../net/ip-layer.ts';
import { planFragments } from '../net/ip-fragment.ts';
import { IPV4_HEADER } from '../wire/size.ts';
import { udpLength } from '../wire/udp.ts';
import type { EthernetFrame, Ipv4, UdpDatagram, UdpPacket } from '../wire/types.ts';
import type { UdpLedger, UdpDirection, UdpLossReason } from './ledger.ts';
import type { UdpSocket } from './socket.ts';

/** UDP counters of one host, one sentence each (Linux's Udp* MIB where it has one). */
export class UdpStats {
  /** Datagrams handed to IP (UdpOutDatagrams). */
  datagramsOut = 0;
  /** Frames they left in. */
  framesOut = 0;
  /** Whole datagrams that reached a socket (before its receive-buffer check). */
  datagramsIn = 0;
  /** Datagrams for a port nobody listens on (UdpNoPorts). */
  noPort = 0;
  /** Frames the device refused (qdisc full): their datagrams are lost. */
  framesRefused = 0;
}

export interface UdpStackOptions {
  ip: IpLayer;
  ledger: UdpLedger;
  /** How this host's datagrams leave (Linux version: fragment order, DF). */
  policy: UdpSendPolicy;
  /** The NIC port a datagram of this host leaves or arrives by, and which way that is. */
  portOf(local: Ipv4): number;
  direction: { out: UdpDirection; in: UdpDirection };
  /** What a refused frame means here: the host's qdisc, or a link peer's queue. */
  refused: 'qdisc' | 'peerQueue';
  /** skb->truesize of one transmitted frame of `ipLength` bytes, and of one receive buffer. */
  txTruesize(ipLength: number): number;
  rxTruesize: number;
  /**
   * Free frames in the device queue, for a host whose sends cost nothing (a link peer):
   * its application sends only when its datagram's frames fit, and sleeps until a frame
   * leaves. Without it a peer's unpaced sender would send without end at one instant,
   * every datagram refused. Absent for the host, whose sends take CPU time.
   */
  deviceRoom?: () => { free: number; limit: number };
}

/**
 * A host's UDP (Linux net/ipv4/udp.c): sockets bound to local ports, datagrams out
 * through IP (fragmented there when larger than the path MTU) and whole datagrams in,
 * demultiplexed by destination port. No CPU costs here: the sockets' cost model says
 * what each step costs and where it runs.
 */
export class UdpStack implements UdpTransport {
  readonly stats = new UdpStats();
  private readonly sockets = new Map<number, UdpSocket>();
  /** Each datagram still in the send path, and the socket whose send buffer it holds. */
  private readonly owners = new Map<UdpDatagram, UdpSocket>();
  /** Sockets asleep until the device queue has room (deviceRoom). */
  private readonly waitingForDevice: UdpSocket[] = [];

  constructor(readonly options: UdpStackOptions) {
    options.ip.udp = this;
  }

  get ledger(): UdpLedger {
    return this.options.ledger;
  }

  bind(port: number, socket: UdpSocket): void {
    if (this.sockets.has(port)) throw new Error(`UDP port ${port} is already bound`);
    this.sockets.set(port, socket);
  }

  /**
   * The frames `d` will leave in towards `dst` now, each with the truesize of its buffer
   * (what the send buffer is charged).
   */
  framesFor(dst: Ipv4, d: UdpDatagram): { frames: number; truesize: number } {
    const length = udpLength(d);
    const plan = planFragments(length, this.options.ip.mtuFor(dst), this.options.policy.order);
    if (plan === null)
      return { frames: 1, truesize: this.options.txTruesize(IPV4_HEADER + length) };
    let truesize = 0;
    for (const f of plan) truesize += this.options.txTruesize(IPV4_HEADER + f.length);
    return { frames: plan.length, truesize };
  }

  /**
   * Whether `frames` fit in the device queue now (always, without deviceRoom); when they
   * do not, `socket` sleeps until a frame leaves. A datagram larger than the whole queue
   * goes when the queue is empty.
   */
  deviceTakes(socket: UdpSocket, frames: number): boolean {
    const room = this.options.deviceRoom?.();
    if (room === undefined || room.free >= Math.min(frames, room.limit)) return true;
    if (!this.waitingForDevice.includes(socket)) this.waitingForDevice.push(socket);
    return false;
  }

  /** udp_sendmsg's hand-over to IP; the socket is told what became of the datagram. */
  output(socket: UdpSocket, d: UdpDatagram): void {
    const st = this.stats;
    const r = this.options.ip.outputUdp(socket.localIp, socket.remoteIp, d, this.options.policy);
    st.datagramsOut++;
    st.framesOut += r.frames;
    st.framesRefused += r.refused;
    const port = this.options.portOf(socket.localIp);
    if (r.refused > 0) {
      this.lose(port, this.options.direction.out, d, this.options.refused, r.frames > 1);
    }
    // Refused frames, and a datagram that never became frames, free their buffers at once.
    const queued = r.unsent ? 0 : r.frames - r.refused;
    if (socket.handedDown(d, queued)) this.owners.set(d, socket);
  }

  /**
   * A frame of ours left the host (TX completion) or was thrown away before the wire:
   * the last frame of a datagram frees its buffers from the sender's send buffer.
   */
  frameFreed(frame: EthernetFrame): void {
    if (this.waitingForDevice.length > 0) this.wakeForDevice();
    if (frame.etherType !== 0x0800 || frame.ip.protocol !== 17) return;
    const d = frame.ip.udp;
    const socket = this.owners.get(d);
    if (socket === undefined) return;
    if (socket.frameFreed(d)) this.owners.delete(d);
  }

  /** A frame left the device: the sockets that waited for room try again, oldest first. */
  private wakeForDevice(): void {
    const waiting = this.waitingForDevice.splice(0);
    for (const socket of waiting) socket.deviceHasRoom();
  }

  bufferTruesize(_packet: UdpPacket): number {
    return this.options.rxTruesize;
  }

  /** A whole datagram from IP (UdpTransport.input). */
  input(packet: UdpPacket, truesize: number, fragments: number): void {
    const socket = this.sockets.get(packet.udp.dstPort);
    if (socket === undefined) {
      this.stats.noPort++;
      const port = this.options.portOf(packet.dst);
      this.lose(port, this.options.direction.in, packet.udp, 'noSocket', false);
      return;
    }
    this.stats.datagramsIn++;
    socket.arrived(packet.udp, truesize, fragments);
  }

  lose(
    port: number,
    direction: UdpDirection,
    d: UdpDatagram,
    reason: UdpLossReason,
    fragment: boolean,
  ): void {
    this.options.ledger.lose(port, direction, d, reason, fragment);
  }
}
