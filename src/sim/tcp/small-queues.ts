/**
 * TCP Small Queues (Linux 3.6+, net/ipv4/tcp_output.c tcp_small_queue_check): a socket
 * keeps at most about a millisecond of its data in the qdisc and the device ring, so the
 * queues below TCP stay short — the other direction's ACKs, and other sockets' segments,
 * do not wait behind a whole window. What a socket has below TCP is counted from the
 * moment the device takes a segment until the device frees it after sending (sk_wmem_alloc,
 * released in tcp_wfree at TX completion), and when a send stops on the limit the next
 * completion resumes output (TSQ_THROTTLED → tcp_tsq_handler → tcp_write_xmit).
 *
 * Profile `linux-2.4` has none of this (limit 0): its queues fill to txqueuelen and the ring.
 */

/**
 * sk_pacing_shift: the limit is the data of 1/2^10 s at the socket's pacing rate
 * (Linux 4.15, "tcp: allow drivers to tweak TSQ logic"; SK_DEFAULT_PACING_SHIFT 10).
 */
const PACING_SHIFT_DIVISOR = 1024;

export class SmallQueues {
  /** Bytes of this socket's segments the devices hold (sk_wmem_alloc, by frame bytes). */
  queued = 0;
  /** A send stopped on the limit: the next completion resumes output. */
  throttled = false;

  /** tcp_limit_output_bytes; 0 switches the mechanism off. A number from the start (see core/time.ts). */
  readonly limitOutputBytes: number = 0;

  constructor(limitOutputBytes: number) {
    this.limitOutputBytes = limitOutputBytes;
  }

  get enabled(): boolean {
    return this.limitOutputBytes > 0;
  }

  /**
   * tcp_small_queue_check: true when a segment of `segmentBytes` must wait for the device
   * to free some of this socket's data. The limit is max(two segments, pacing rate × 1 ms),
   * at most tcp_limit_output_bytes (the socket is not paced), doubled for a retransmission;
   * a socket with at most one segment unacknowledged is never held (so it always moves).
   * Linux counts skb truesize; frames are counted by their bytes here, so the real limit
   * holds slightly fewer segments.
   */
  holds(
    segmentBytes: number,
    pacingRateBytesPerSecond: number,
    packetsOut: number,
    retransmission: boolean,
  ): boolean {
    if (this.limitOutputBytes === 0) return false;
    let limit = Math.max(2 * segmentBytes, pacingRateBytesPerSecond / PACING_SHIFT_DIVISOR);
    if (limit > this.limitOutputBytes) limit = this.limitOutputBytes;
    if (retransmission) limit *= 2;
    if (this.queued <= limit) return false;
    // tcp_rtx_queue_empty_or_single_skb
    if (packetsOut <= 1) return false;
    this.throttled = true;
    return true;
  }

  /** The device took a segment of ours. */
  charge(bytes: number): void {
    this.queued += bytes;
  }

  /** The device freed a segment of ours; true when output should resume now. */
  release(bytes: number): boolean {
    this.queued = Math.max(0, this.queued - bytes);
    if (!this.throttled) return false;
    this.throttled = false;
    return true;
  }
}
