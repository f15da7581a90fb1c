import type { Nanoseconds } from '../core/time.ts';
import { TcpFlag, type TcpSegment } from '../wire/types.ts';
import { tcpHeaderLength } from '../wire/size.ts';
import { DELAYED_ACK, MAX_QUICKACKS, MIN_MSS, MIN_RCV_MSS, TCP_HEADER_BYTES } from './config.ts';
import type { Arrival, Receiver } from './receive.ts';

const { FIN, SYN, PSH, URG } = TcpFlag;
/** TCP_REMNANT: a segment with any of these may be short without being the peer's MSS. */
const REMNANT = FIN | URG | SYN | PSH;

/**
 * When the receive half acknowledges (Linux tcp_event_data_recv, __tcp_ack_snd_check,
 * tcp_measure_rcv_mss, __tcp_cleanup_rbuf): quick ACKs at the start and after idle,
 * every second full-sized segment, else after the 40 ms delayed-ACK timer, and a window
 * update from read() only when the window at least doubles. "Full-sized" is rcv_mss,
 * measured from the segments that arrive, not the peer's MSS option.
 */
export class AckPolicy {
  /** An ACK is owed now (ICSK_ACK_NOW / the caller's "ack immediately"). */
  ackNow = false;
  /** Segments still to be ACKed at once (icsk_ack.quick). */
  private quick = 0;
  /** When data last arrived (icsk_ack.lrcvtime), or -1 before any. */
  private lastData: Nanoseconds = -1;
  /** tcp_measure_rcv_mss's memory of the last short segment's size. */
  private lastSegSize = 0;

  constructor(
    private readonly receiver: Receiver,
    private readonly delayedAckOn: boolean,
  ) {}

  /**
   * tcp_initialize_rcv_mss: before any data, the peer's segment size is guessed as
   * min(our MSS, its MSS, half the window we offer, 536), at least 88.
   */
  initRcvMss(advertisedMss: number, sendMss: number): void {
    const guess = Math.min(advertisedMss, sendMss, this.receiver.window >> 1, MIN_RCV_MSS);
    this.receiver.rcvMss = Math.max(guess, MIN_MSS);
  }

  /**
   * tcp_incr_quickack: ACK the next segments at once, as many as half the window holds
   * in full segments (at least 2, at most `max`).
   */
  private incrQuickAck(max: number): void {
    const r = this.receiver;
    const n = Math.min(max, Math.max(2, Math.floor(r.window / (2 * r.rcvMss))));
    if (n > this.quick) this.quick = n;
  }

  /** tcp_enter_quickack_mode: out-of-order or duplicate data is ACKed at once. */
  enterQuickAck(): void {
    this.incrQuickAck(MAX_QUICKACKS);
  }

  /**
   * Data arrived (tcp_event_data_recv): measure rcv_mss and, on the first data or after
   * a gap longer than the RTO ("the sender failed to restart its window"), quick-ACK.
   */
  onDataArrived(seg: TcpSegment, headerBytes: number, now: Nanoseconds, rto: Nanoseconds): void {
    this.measureRcvMss(seg, headerBytes);
    if (this.lastData < 0 || now - this.lastData > rto) this.incrQuickAck(MAX_QUICKACKS);
    this.lastData = now;
  }

  /** tcp_measure_rcv_mss: a segment at least rcv_mss long, or the same short size twice. */
  private measureRcvMss(seg: TcpSegment, headerBytes: number): void {
    const r = this.receiver;
    const lss = this.lastSegSize;
    this.lastSegSize = 0;
    const len = seg.payload.length;
    if (len >= r.rcvMss) {
      r.rcvMss = Math.min(len, r.advertisedMss);
      return;
    }
    const onWire = len + tcpHeaderLength(seg);
    const remnant = (seg.flags & REMNANT) !== 0;
    if (
      onWire >= MIN_RCV_MSS + TCP_HEADER_BYTES ||
      (onWire >= MIN_MSS + TCP_HEADER_BYTES && !remnant)
    ) {
      const size = onWire - headerBytes;
      this.lastSegSize = size;
      if (size === lss) r.rcvMss = size;
    }
  }

  /**
   * __tcp_ack_snd_check after in-order data: at once in quick-ACK mode, when more than
   * one full segment is unacknowledged, or when delayed ACKs are off; else true, and the
   * caller arms the delayed-ACK timer (a boolean, not a callback: one closure less per
   * data segment).
   */
  afterInOrder(arrival: Arrival): boolean {
    const r = this.receiver;
    if (arrival === 'filled-hole' || !this.delayedAckOn) {
      this.ackNow = true;
    } else if (this.quick > 0) {
      this.quick--;
      this.ackNow = true;
    } else if (r.rcvNxt - r.lastAckSent > r.rcvMss) {
      this.ackNow = true;
    } else {
      return true;
    }
    return false;
  }

  /**
   * __tcp_cleanup_rbuf after read(): send a window update when the window we could offer
   * is at least twice the one the peer holds, and the one it holds is at most half the
   * largest we can advertise (window_clamp: 65535 without window scaling).
   */
  windowUpdateDue(): boolean {
    const r = this.receiver;
    const now = r.window;
    const clamp = Math.min(r.bufferBytes, 65535 * (1 << r.wscale));
    if (2 * now > clamp) return false;
    const next = Math.min(r.windowToOffer(), clamp);
    return next > 0 && next >= 2 * now;
  }

  get delay(): Nanoseconds {
    return DELAYED_ACK;
  }
}
