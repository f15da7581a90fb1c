import type { UdpDatagram } from '../wire/types.ts';

/**
 * Where a UDP datagram was lost. Frame-level reasons are the first frame of the datagram
 * lost there (one lost fragment loses the datagram); the others are the receiving
 * stack's own verdicts.
 */
export const UDP_LOSS_REASONS = [
  /** The sender's qdisc refused a frame (NET_XMIT_DROP; UDP drops it silently). */
  'qdisc',
  /** The link peer's transmit queue refused a frame. */
  'peerQueue',
  /** Lost on the wire: random loss, link down, too large, path MTU, scripted drops. */
  'wire',
  /** The receiving card's FIFO was full while DMA or the card engine fell behind. */
  'rxFifoOverflow',
  /** The receiving card's FIFO was full behind a frame waiting for a host buffer. */
  'rxRingEmpty',
  /** sock_queue_rcv_skb: the socket's receive buffer (by truesize) was full. */
  'socketBufferFull',
  /** The fragment queue timed out (ipfrag_time) with fragments missing. */
  'reassemblyTimeout',
  /** The evictor dropped the fragment queue: fragment memory passed ipfrag_high_thresh. */
  'reassemblyEvicted',
  /** No socket was bound to the destination port. */
  'noSocket',
] as const;
export type UdpLossReason = (typeof UDP_LOSS_REASONS)[number];

/** Which way a datagram goes on its port, seen from the local host (as the link's channels). */
export type UdpDirection = 'tx' | 'rx';

/** One direction of one port, counted over the whole run; one sentence each. */
export class UdpDirectionCounts {
  /** Datagrams the sending application handed to its socket. */
  datagramsSent = 0;
  /** Frames those datagrams left in: 1 each, or their fragments. */
  framesSent = 0;
  /** Of them, fragments of datagrams larger than the path MTU. */
  fragmentsSent = 0;
  /** Datagrams the receiving application read, and their payload bytes. */
  datagramsDelivered = 0;
  bytesDelivered = 0;
  /** Datagrams lost, each counted once, by where (UDP_LOSS_REASONS). */
  readonly drops: Record<UdpLossReason, number> = {
    qdisc: 0,
    peerQueue: 0,
    wire: 0,
    rxFifoOverflow: 0,
    rxRingEmpty: 0,
    socketBufferFull: 0,
    reassemblyTimeout: 0,
    reassemblyEvicted: 0,
    noSocket: 0,
  };
}

/** Both directions of one port. */
export class UdpPortCounts {
  readonly tx = new UdpDirectionCounts();
  readonly rx = new UdpDirectionCounts();
}

/**
 * The UDP ledger of a world: what every port's datagrams did. A datagram is counted lost
 * once, at the first place any of its frames was lost — its other fragments may still
 * arrive and wait in a fragment queue, where they time out later without counting again.
 */
export class UdpLedger {
  readonly ports: UdpPortCounts[];
  private readonly lost = new WeakSet<UdpDatagram>();
  /** Told of every datagram counted lost (UDP_RR stops the flow it belonged to). */
  onLost: ((d: UdpDatagram) => void) | null = null;

  constructor(portCount: number) {
    this.ports = Array.from({ length: portCount }, () => new UdpPortCounts());
  }

  of(port: number, direction: UdpDirection): UdpDirectionCounts {
    return this.ports[port]![direction];
  }

  sent(port: number, direction: UdpDirection, frames: number): void {
    const c = this.of(port, direction);
    c.datagramsSent++;
    c.framesSent += frames;
    if (frames > 1) c.fragmentsSent += frames;
  }

  delivered(port: number, direction: UdpDirection, bytes: number): void {
    const c = this.of(port, direction);
    c.datagramsDelivered++;
    c.bytesDelivered += bytes;
  }

  /**
   * Counts `d` lost for `reason` unless one of its frames was already lost; true if
   * counted. `fragment`: a fragment was lost, so its siblings may be lost again later and
   * the datagram is remembered (a whole datagram is lost once by construction).
   */
  lose(
    port: number,
    direction: UdpDirection,
    d: UdpDatagram,
    reason: UdpLossReason,
    fragment = false,
  ): boolean {
    if (this.lost.has(d)) return false;
    if (fragment) this.lost.add(d);
    this.of(port, direction).drops[reason]++;
    this.onLost?.(d);
    return true;
  }

  /** Whether `d` was already counted lost. */
  isLost(d: UdpDatagram): boolean {
    return this.lost.has(d);
  }
}
