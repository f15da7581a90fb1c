import { Fifo } from '../core/fifo.ts';
import type { SackBlock } from '../wire/types.ts';
import { toWire, unwrap } from './sequence.ts';

interface Held {
  start: number;
  end: number;
  data: Uint8Array;
}

/** How an arriving segment's payload related to rcv_nxt. */
export type Arrival = 'in-order' | 'filled-hole' | 'out-of-order' | 'duplicate';

/**
 * The receive half (gVisor's rcv.go): reassembly, the in-order queue the application
 * reads, the advertised window and SACK blocks. Positions are absolute (0 = the peer's
 * SYN); `irs` converts to and from the wire.
 */
export class Receiver {
  irs = 0;
  /** Next expected absolute position (RCV.NXT). */
  rcvNxt = 0;
  /** Right edge of the window last advertised; never moves left (RFC 9293 §3.8.6). */
  advRight = 0;
  /** rcv_nxt carried by the last ACK sent. */
  lastAckSent = 0;
  /** Absolute position of the peer's FIN, or -1 until one arrives. */
  peerFin = -1;
  finReceived = false;
  /** Window shift we apply to the windows we advertise (0 unless negotiated). */
  wscale = 0;
  /** Size of a full segment from the peer (icsk_ack.rcv_mss), for delayed ACKs and window rounding. */
  rcvMss = 536;
  /** The MSS we advertised (advmss): rcv_mss never exceeds it. */
  advertisedMss = 536;

  /** In-order payload views, oldest first: a ring, so queueing a segment allocates nothing. */
  private readonly ready = new Fifo<Uint8Array>();
  /** Bytes of the oldest view already read. */
  private readyOffset = 0;
  /** In-order bytes not yet read. */
  readyBytes = 0;
  private held: Held[] = [];
  /** Out-of-order bytes held for reassembly. */
  heldBytes = 0;
  /** Start of the most recent out-of-order arrival: its block goes first (RFC 2018 §4). */
  private lastHeldStart = -1;

  constructor(readonly bufferBytes: number) {}

  get used(): number {
    return this.readyBytes + this.heldBytes;
  }

  get hasHoles(): boolean {
    return this.held.length > 0;
  }

  /** Bytes of window currently open to the peer (RCV.WND). */
  get window(): number {
    return Math.max(0, this.advRight - this.rcvNxt);
  }

  toAbs(wireSeq: number): number {
    return unwrap(this.irs, this.rcvNxt, wireSeq);
  }

  toWire(abs: number): number {
    return toWire(this.irs, abs);
  }

  /** Accepts payload at absolute `seq`, trimmed to [rcv_nxt, advertised right edge). */
  accept(seq: number, payload: Uint8Array): Arrival {
    const start = Math.max(seq, this.rcvNxt);
    const end = Math.min(seq + payload.length, Math.max(this.advRight, this.rcvNxt));
    if (end <= start) return 'duplicate';
    const data =
      start === seq && end === seq + payload.length
        ? payload
        : payload.subarray(start - seq, end - seq);
    if (start > this.rcvNxt) {
      this.hold(start, end, data);
      this.lastHeldStart = start;
      return 'out-of-order';
    }
    const hadHoles = this.held.length > 0;
    this.enqueue(data);
    this.rcvNxt = end;
    if (hadHoles) this.drainHeld();
    return hadHoles ? 'filled-hole' : 'in-order';
  }

  /** Consumes up to `max` in-order bytes, handing views to `sink`. */
  read(max: number, sink: (chunk: Uint8Array) => void): number {
    let n = 0;
    while (n < max) {
      const c = this.ready.peek();
      if (c === undefined) break;
      const take = Math.min(c.length - this.readyOffset, max - n);
      const from = this.readyOffset;
      n += take;
      this.readyOffset += take;
      if (this.readyOffset === c.length) {
        this.ready.shift();
        this.readyOffset = 0;
      }
      // Counted before the sink runs: an application that closes from inside it has read this.
      this.readyBytes -= take;
      sink(from === 0 && take === c.length ? c : c.subarray(from, from + take));
    }
    return n;
  }

  /**
   * The window to offer now: free space rounded down to whole segments, as Linux's
   * __tcp_select_window (receiver-side silly-window avoidance, RFC 9293 §3.8.6.2.2),
   * never moving the right edge left. A buffer smaller than one segment counts as the
   * segment size (Linux: "if (mss > full_space) mss = full_space"), so it still opens.
   */
  windowToOffer(): number {
    const free = Math.max(0, this.bufferBytes - this.used);
    const mss = Math.max(1, Math.min(this.rcvMss, this.bufferBytes));
    const w = free < mss ? 0 : free - (free % mss);
    return Math.max(w, this.advRight - this.rcvNxt);
  }

  /** The 16-bit window field for an outgoing segment; records the new right edge. */
  windowField(isSyn: boolean): number {
    const w = this.windowToOffer();
    if (isSyn) {
      const field = Math.min(w, 65535);
      this.advRight = Math.max(this.advRight, this.rcvNxt + field);
      return field;
    }
    const unit = 1 << this.wscale; // wscale ≤ 14
    let field = Math.min(65535, Math.floor(w / unit));
    if (this.rcvNxt + field * unit < this.advRight && field < 65535) field++;
    this.advRight = Math.max(this.advRight, this.rcvNxt + field * unit);
    return field;
  }

  /** SACK blocks (RFC 2018 §4): the most recent arrival's block first, at most `max`. */
  sackBlocks(max: number): SackBlock[] | null {
    if (this.held.length === 0) return null;
    const ranges: SackBlock[] = [];
    let first = -1;
    let s = this.held[0]!.start;
    let e = this.held[0]!.end;
    for (let i = 1; i <= this.held.length; i++) {
      const h = this.held[i];
      if (h !== undefined && h.start === e) {
        e = h.end;
        continue;
      }
      if (this.lastHeldStart >= s && this.lastHeldStart < e) first = ranges.length;
      ranges.push({ left: this.toWire(s), right: this.toWire(e) });
      if (h !== undefined) {
        s = h.start;
        e = h.end;
      }
    }
    if (first > 0) ranges.unshift(ranges.splice(first, 1)[0]!);
    return ranges.length > max ? ranges.slice(0, max) : ranges;
  }

  private enqueue(data: Uint8Array): void {
    this.ready.push(data);
    this.readyBytes += data.length;
  }

  /** Inserts [start, end) into the reassembly list, keeping only bytes not yet held. */
  private hold(start: number, end: number, data: Uint8Array): void {
    let cur = start;
    let i = 0;
    while (i < this.held.length && cur < end) {
      const h = this.held[i]!;
      if (h.end <= cur) {
        i++;
        continue;
      }
      if (h.start >= end) break;
      if (h.start > cur) {
        this.held.splice(i, 0, {
          start: cur,
          end: h.start,
          data: data.subarray(cur - start, h.start - start),
        });
        this.heldBytes += h.start - cur;
        i++;
      }
      cur = Math.max(cur, h.end);
      i++;
    }
    if (cur < end) {
      this.held.splice(i, 0, { start: cur, end, data: data.subarray(cur - start) });
      this.heldBytes += end - cur;
    }
  }

  private drainHeld(): void {
    while (this.held.length > 0 && this.held[0]!.start <= this.rcvNxt) {
      const h = this.held.shift()!;
      this.heldBytes -= h.end - h.start;
      if (h.end > this.rcvNxt) {
        this.enqueue(h.data.subarray(this.rcvNxt - h.start));
        this.rcvNxt = h.end;
      }
    }
  }
}
