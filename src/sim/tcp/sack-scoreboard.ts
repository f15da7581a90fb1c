import type { Nanoseconds } from '../core/time.ts';

/** Tag bits of a sent segment, as Linux's TCP_SKB_CB(skb)->sacked. */
const SACKED = 1;
const LOST = 2;
/** Retransmitted and the retransmission still in flight (TCPCB_SACKED_RETRANS). */
const RETRANS = 4;
/** Ever retransmitted (TCPCB_EVER_RETRANS): no RTT sample from it (Karn). */
const EVER_RETRANS = 8;

/** What a cumulative ACK removed from the scoreboard. */
export interface Acked {
  /** Segments wholly acknowledged (pkts_acked). */
  packets: number;
  /** Of them, how many had been counted as SACKed. */
  sacked: number;
  /**
   * RTT samples from the segments first acknowledged now (not SACKed before), none if any
   * retransmitted data is among them (Karn; Linux FLAG_RETRANS_DATA_ACKED): from the
   * earliest sent (seq_rtt, for RFC 6298) and the latest sent (ca_rtt, for congestion
   * control), or -1.
   */
  firstRtt: Nanoseconds;
  rtt: Nanoseconds;
  /** Some retransmitted data was among them (FLAG_RETRANS_DATA_ACKED). */
  retransmittedAcked: boolean;
}

/** RTT samples from the segments newly SACKed by one ACK (first_sackt, last_sackt). */
export interface SackRtt {
  first: Nanoseconds;
  last: Nanoseconds;
}

/**
 * The retransmission queue and SACK scoreboard (RFC 6675 §3; Linux's rtx queue with
 * its sacked/lost/retrans tags, gVisor's sack_scoreboard.go): one record per segment
 * sent, [start, end) in absolute sequence space, oldest first. Counters follow Linux:
 * packets in flight = packets_out − (sacked_out + lost_out) + retrans_out, which is
 * RFC 6675's "pipe" counted in segments.
 *
 * Without SACK the sender counts duplicate ACKs as SACKed segments (Linux's
 * tcp_add_reno_sack), in `sackedOut` only: no record is tagged.
 */
export class Scoreboard {
  private starts = new Float64Array(64);
  private ends = new Float64Array(64);
  private sentAt = new Float64Array(64);
  private tags = new Uint8Array(64);
  private head = 0;
  private n = 0;
  private mask = 63;
  sackedOut = 0;
  lostOut = 0;
  retransOut = 0;
  /** Segments from the head up to the highest SACKed one inclusive (fackets_out). */
  facketsOut = 0;
  /** tcp_mark_head_lost's hint: records scanned and the count reached there. */
  private lostScan = 0;
  private lostCount = 0;
  /** No record below this index is lost and waiting for retransmission. */
  private rtxScan = 0;

  get packetsOut(): number {
    return this.n;
  }

  /** tcp_packets_in_flight. */
  get inFlight(): number {
    return this.n - this.sackedOut - this.lostOut + this.retransOut;
  }

  start(i: number): number {
    return this.starts[(this.head + i) & this.mask]!;
  }

  end(i: number): number {
    return this.ends[(this.head + i) & this.mask]!;
  }

  isSacked(i: number): boolean {
    return (this.tags[(this.head + i) & this.mask]! & SACKED) !== 0;
  }

  isLost(i: number): boolean {
    return (this.tags[(this.head + i) & this.mask]! & LOST) !== 0;
  }

  /** A new segment [start, end) left at `now`. */
  push(start: number, end: number, now: Nanoseconds): void {
    if (this.n === this.mask + 1) this.grow();
    const j = (this.head + this.n) & this.mask;
    this.starts[j] = start;
    this.ends[j] = end;
    this.sentAt[j] = now;
    this.tags[j] = 0;
    this.n++;
  }

  /** Removes what `ack` covers (tcp_clean_rtx_queue); a partly covered head is trimmed. */
  ackTo(ack: number, now: Nanoseconds): Acked {
    // One result object per scoreboard, filled anew each call: no allocation per ACK.
    const out = this.acked;
    out.packets = 0;
    out.sacked = 0;
    out.firstRtt = -1;
    out.rtt = -1;
    out.retransmittedAcked = false;
    // A flag, not `latest >= 0`: a comparison V8 has seen only on small integers throws
    // the optimised code out once send times pass 2^31 ns (2.1 s simulated).
    let sampled = false;
    let earliest = 0;
    let latest = 0;
    while (this.n > 0) {
      const j = this.head;
      if (this.ends[j]! > ack) {
        if (this.starts[j]! < ack) this.starts[j] = ack; // tcp_trim_head
        break;
      }
      const tag = this.tags[j]!;
      if (tag & SACKED) {
        this.sackedOut--;
        out.sacked++;
      }
      if (tag & LOST) this.lostOut--;
      if (tag & RETRANS) this.retransOut--;
      if (tag & EVER_RETRANS) out.retransmittedAcked = true;
      else if (!(tag & SACKED)) {
        const sent = this.sentAt[j]!;
        if (!sampled) {
          sampled = true;
          earliest = sent;
        }
        latest = Math.max(latest, sent);
      }
      this.head = (j + 1) & this.mask;
      this.n--;
      out.packets++;
    }
    const k = out.packets;
    if (k > 0) {
      this.facketsOut = Math.max(0, this.facketsOut - k);
      if (k <= this.lostScan) {
        this.lostScan -= k;
        this.lostCount = Math.max(0, this.lostCount - (this.countAll ? k : out.sacked));
      } else {
        this.lostScan = 0;
        this.lostCount = 0;
      }
      this.rtxScan = Math.max(0, this.rtxScan - k);
    }
    if (!out.retransmittedAcked && sampled) {
      out.firstRtt = now - earliest;
      out.rtt = now - latest;
    }
    return out;
  }

  private readonly acked: Acked = {
    packets: 0,
    sacked: 0,
    firstRtt: -1,
    rtt: -1,
    retransmittedAcked: false,
  };

  /** How the loss-marking hint counts (set by the sender: FACK counts every record). */
  countAll = false;

  /**
   * Tags the records [left, right) covers as SACKed (tcp_sacktag_write_queue), splitting a
   * record a block edge falls inside. Returns the segments newly SACKed and, through
   * `rtt`, the RTTs of the earliest and latest sent never-retransmitted ones.
   */
  sack(left: number, right: number, now: Nanoseconds, rtt: SackRtt): number {
    let i = this.firstEndingAfter(left);
    let newly = 0;
    for (; i < this.n && this.start(i) < right; i++) {
      if (this.start(i) < left) {
        this.split(i, left);
        continue; // the upper half is record i + 1, examined next
      }
      if (this.end(i) > right) this.split(i, right);
      const j = (this.head + i) & this.mask;
      let tag = this.tags[j]!;
      if (tag & SACKED) continue;
      // tcp_sacktag_one: a retransmission not tagged lost is believed still in flight (S|R).
      if (tag & LOST) {
        this.lostOut--;
        if (tag & RETRANS) this.retransOut--;
        tag &= ~(LOST | RETRANS);
      }
      this.tags[j] = tag | SACKED;
      this.sackedOut++;
      newly++;
      if (i + 1 > this.facketsOut) this.facketsOut = i + 1;
      if (i < this.lostScan) this.resetLostHint();
      if (!(tag & EVER_RETRANS)) {
        const sample = now - this.sentAt[j]!;
        rtt.first = Math.max(rtt.first, sample);
        rtt.last = rtt.last < 0 ? sample : Math.min(rtt.last, sample);
      }
    }
    return newly;
  }

  /**
   * tcp_mark_head_lost: walks from the head marking un-SACKed records lost. With
   * `countAll` false (RFC 6675 §4 IsLost, Linux without FACK) it stops once more than
   * `packets` SACKed records lie below; with true (2.4's FACK) after `packets` records.
   * Records ending beyond `limit` are never marked. Returns how many were marked.
   */
  markHeadLost(packets: number, limit: number, onlyHead: boolean): number {
    let marked = 0;
    let i = onlyHead ? 0 : this.lostScan;
    let count = onlyHead ? 0 : this.lostCount;
    for (; i < this.n; i++) {
      if (!onlyHead) {
        this.lostScan = i;
        this.lostCount = count;
      }
      if (this.end(i) > limit) break;
      const j = (this.head + i) & this.mask;
      const tag = this.tags[j]!;
      if (this.countAll) {
        if (count >= packets) break;
        count++;
      } else {
        if (tag & SACKED) count++;
        if (count > packets) break;
      }
      // 2.4 leaves a record being retransmitted alone (TCPCB_TAGBITS); modern Linux tags it.
      const skip = this.countAll ? SACKED | LOST | RETRANS : SACKED | LOST;
      if (!(tag & skip)) {
        this.tags[j] = tag | LOST;
        this.lostOut++;
        marked++;
        if (i < this.rtxScan) this.rtxScan = i;
      }
      if (onlyHead) break;
    }
    return marked;
  }

  /**
   * RTO (tcp_enter_loss / tcp_timeout_mark_lost): forget retransmissions in flight and
   * tag every un-SACKed record lost. If the head itself was SACKed the receiver reneged
   * (RFC 2018 §8): every SACK tag is dropped too.
   */
  markAllLost(): void {
    const reneged = this.n > 0 && this.isSacked(0);
    this.lostOut = 0;
    this.retransOut = 0;
    if (reneged) {
      this.sackedOut = 0;
      this.facketsOut = 0;
    }
    for (let i = 0; i < this.n; i++) {
      const j = (this.head + i) & this.mask;
      let tag = this.tags[j]! & ~(RETRANS | LOST);
      if (reneged) tag &= ~SACKED;
      if (!(tag & SACKED)) {
        tag |= LOST;
        this.lostOut++;
      }
      this.tags[j] = tag;
    }
    this.resetLostHint();
    this.rtxScan = 0;
  }

  /** Path MTU fell (tcp_simple_retransmit): records longer than `mss` bytes are lost. */
  markLongerThanLost(mss: number, finEnd: number): number {
    let marked = 0;
    for (let i = 0; i < this.n; i++) {
      const j = (this.head + i) & this.mask;
      const tag = this.tags[j]!;
      const len = this.ends[j]! - this.starts[j]! - (this.ends[j] === finEnd ? 1 : 0);
      if (len <= mss || tag & (SACKED | LOST)) continue;
      if (tag & RETRANS) this.retransOut--;
      this.tags[j] = (tag & ~RETRANS) | LOST;
      this.lostOut++;
      marked++;
      if (i < this.rtxScan) this.rtxScan = i;
    }
    return marked;
  }

  /** The first record tagged lost and not yet retransmitted, or -1 (tcp_xmit_retransmit_queue). */
  nextLost(): number {
    for (let i = this.rtxScan; i < this.n; i++) {
      const tag = this.tags[(this.head + i) & this.mask]!;
      if (tag & LOST && !(tag & (RETRANS | SACKED))) {
        this.rtxScan = i;
        return i;
      }
    }
    this.rtxScan = this.n;
    return -1;
  }

  /**
   * Record i (its first `len` sequence numbers, split off if shorter) was retransmitted at
   * `now`; a record not tagged lost (the head on an RTO, before tagging) is tagged so.
   */
  retransmitted(i: number, end: number, now: Nanoseconds): void {
    if (end < this.end(i)) this.split(i, end);
    const j = (this.head + i) & this.mask;
    const tag = this.tags[j]!;
    if (!(tag & RETRANS)) this.retransOut++;
    this.tags[j] = tag | RETRANS | EVER_RETRANS;
    this.sentAt[j] = now;
  }

  /** Without SACK: one more duplicate ACK counts as a SACKed segment (tcp_add_reno_sack). */
  addRenoSack(): void {
    this.sackedOut++;
    // tcp_check_reno_reordering: at least one hole stays un-SACKed.
    const holes = Math.min(Math.max(this.lostOut, 1), this.n);
    if (this.sackedOut + holes > this.n) this.sackedOut = this.n - holes;
    this.facketsOut = this.sackedOut + 1;
  }

  /** Without SACK: an ACK of `acked` segments, one the hole, the rest dupACKs (tcp_remove_reno_sacks). */
  removeRenoSacks(acked: number): void {
    if (acked > 0) this.sackedOut = acked - 1 >= this.sackedOut ? 0 : this.sackedOut - (acked - 1);
    this.facketsOut = this.sackedOut > 0 ? this.sackedOut + 1 : 0;
  }

  resetRenoSacks(): void {
    this.sackedOut = 0;
    this.facketsOut = 0;
  }

  /** Index of the first record whose end lies beyond `seq`. */
  private firstEndingAfter(seq: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.end(mid) <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Cuts record i at `at` into [start, at) and [at, end), both with its tags (tcp_fragment). */
  private split(i: number, at: number): void {
    if (this.n === this.mask + 1) this.grow();
    for (let k = this.n; k > i + 1; k--) {
      const to = (this.head + k) & this.mask;
      const from = (this.head + k - 1) & this.mask;
      this.starts[to] = this.starts[from]!;
      this.ends[to] = this.ends[from]!;
      this.sentAt[to] = this.sentAt[from]!;
      this.tags[to] = this.tags[from]!;
    }
    const j = (this.head + i) & this.mask;
    const next = (j + 1) & this.mask;
    this.starts[next] = at;
    this.ends[next] = this.ends[j]!;
    this.sentAt[next] = this.sentAt[j]!;
    const tag = this.tags[j]!;
    this.tags[next] = tag;
    this.ends[j] = at;
    this.n++;
    if (tag & SACKED) this.sackedOut++;
    if (tag & LOST) this.lostOut++;
    if (tag & RETRANS) this.retransOut++;
    if (i < this.facketsOut) this.facketsOut++;
    if (i < this.lostScan) this.resetLostHint();
    if (i < this.rtxScan) this.rtxScan++;
  }

  private resetLostHint(): void {
    this.lostScan = 0;
    this.lostCount = 0;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const copy = <T extends Float64Array | Uint8Array>(from: T, to: T): T => {
      for (let i = 0; i < this.n; i++) to[i] = from[(this.head + i) & this.mask]!;
      return to;
    };
    this.starts = copy(this.starts, new Float64Array(size));
    this.ends = copy(this.ends, new Float64Array(size));
    this.sentAt = copy(this.sentAt, new Float64Array(size));
    this.tags = copy(this.tags, new Uint8Array(size));
    this.head = 0;
    this.mask = size - 1;
  }
}
