import type { Nanoseconds } from '../../core/time.ts';
import type { AckSample, CongestionControl, CongestionWindow, RttSample } from './congestion.ts';
import { HyStart } from './hystart.ts';

/** β_cubic = 717/1024 ≈ 0.7 (RFC 9438 §4.6; Linux beta = 717). */
const BETA = 717 / 1024;
/** C = 0.4 (RFC 9438 §5); Linux's fixed point gives bic_scale 41 × 10 / 1024. */
const C = 410 / 1024;
/** tcp_friendliness: ACKs per +1 of the Reno estimate, 8·(1+β)/(3·(1−β)) ÷ 8 in Linux's integers (15 ÷ 8). */
const BETA_SCALE = Math.floor(Math.floor((8 * (1024 + 717)) / 3) / (1024 - 717));
/** cwnd is recomputed at most every HZ/32 jiffies (31 ms) when cwnd has not changed. */
const RECOMPUTE_MS = 31;
/** Delay samples are ignored for one second after a reduction (bictcp_acked). */
const QUIET_AFTER_EPOCH_MS = 1000;

/**
 * CUBIC (RFC 9438) as Linux's tcp_cubic.c (the default since 2.6.19): after a loss the
 * window follows W(t) = C·(t − K)³ + W_max, with fast convergence, the Reno-friendly
 * region, at most 1.5× per RTT, and HyStart ending slow start. Time is counted in
 * jiffies of 1 ms (HZ = 1000), as Linux does.
 */
export class Cubic implements CongestionControl {
  readonly name = 'cubic';
  private readonly hystart = new HyStart();
  /** ACKs per +1 segment computed by bictcp_update. */
  private cnt = 0;
  private lastMaxCwnd = 0;
  private lastCwnd = 0;
  private lastTimeMs = -1;
  private originPoint = 0;
  /** K in seconds. */
  private k = 0;
  /** Epoch start in ms, or -1 when no epoch runs. */
  private epochStartMs = -1;
  private delayMin: Nanoseconds = 0;
  private ackCnt = 0;
  private tcpCwnd = 0;

  init(_w: CongestionWindow, sndNxt: number, now: Nanoseconds): void {
    this.reset();
    this.hystart.reset(sndNxt, now);
  }

  /** bictcp_reset. */
  private reset(): void {
    this.cnt = 0;
    this.lastMaxCwnd = 0;
    this.lastCwnd = 0;
    this.lastTimeMs = -1;
    this.originPoint = 0;
    this.k = 0;
    this.epochStartMs = -1;
    this.delayMin = 0;
    this.ackCnt = 0;
    this.tcpCwnd = 0;
    this.hystart.found = false;
  }

  /** cubictcp_recalc_ssthresh with fast convergence (RFC 9438 §4.7). */
  ssthresh(w: CongestionWindow): number {
    this.epochStartMs = -1;
    this.lastMaxCwnd = w.cwnd < this.lastMaxCwnd ? Math.floor((w.cwnd * (1 + BETA)) / 2) : w.cwnd;
    return Math.max(Math.floor(w.cwnd * BETA), 2);
  }

  congAvoid(w: CongestionWindow, { acked, cwndLimited, now }: AckSample): void {
    if (!cwndLimited) return;
    let left = acked;
    if (w.inSlowStart) {
      left = w.slowStart(acked);
      if (left === 0) return;
    }
    this.update(w.cwnd, left, now);
    w.additiveIncrease(this.cnt, left);
  }

  /** bictcp_update: how many ACKs per +1 segment from the cubic curve and the Reno estimate. */
  private update(cwnd: number, acked: number, now: Nanoseconds): void {
    const nowMs = Math.floor(now / 1e6);
    this.ackCnt += acked;
    if (this.lastCwnd === cwnd && nowMs - this.lastTimeMs <= RECOMPUTE_MS) return;
    // The curve is evaluated at most once per jiffy; the Reno estimate on every ACK.
    if (!(this.epochStartMs >= 0 && nowMs === this.lastTimeMs)) {
      this.lastCwnd = cwnd;
      this.lastTimeMs = nowMs;
      if (this.epochStartMs < 0) {
        this.epochStartMs = nowMs;
        this.ackCnt = acked;
        this.tcpCwnd = cwnd;
        if (this.lastMaxCwnd <= cwnd) {
          this.k = 0;
          this.originPoint = cwnd;
        } else {
          this.k = Math.cbrt((this.lastMaxCwnd - cwnd) / C);
          this.originPoint = this.lastMaxCwnd;
        }
      }
      // t runs one minimum RTT ahead: the window set now takes effect an RTT later.
      const t = (nowMs - this.epochStartMs + Math.round(this.delayMin / 1e6)) / 1000;
      const offs = Math.abs(t - this.k);
      const delta = Math.floor(C * offs * offs * offs);
      const target = t < this.k ? this.originPoint - delta : this.originPoint + delta;
      this.cnt = target > cwnd ? Math.floor(cwnd / (target - cwnd)) : 100 * cwnd;
      // Unknown bandwidth (no loss yet): grow at least 5 % per RTT.
      if (this.lastMaxCwnd === 0 && this.cnt > 20) this.cnt = 20;
    }
    // Reno-friendly region (RFC 9438 §4.3): never slower than a Reno flow would be.
    const perSegment = (cwnd * BETA_SCALE) >> 3;
    while (this.ackCnt > perSegment) {
      this.ackCnt -= perSegment;
      this.tcpCwnd++;
    }
    if (this.tcpCwnd > cwnd) {
      const maxCnt = Math.floor(cwnd / (this.tcpCwnd - cwnd));
      if (this.cnt > maxCnt) this.cnt = maxCnt;
    }
    // At most 1 segment per 2 ACKed: 1.5× per RTT (RFC 9438 §4.2).
    this.cnt = Math.max(this.cnt, 2);
  }

  /** bictcp_acked: minimum RTT and HyStart. */
  onRttSample(w: CongestionWindow, { rtt, sndUna, sndNxt, pacingRate, now }: RttSample): void {
    const nowMs = Math.floor(now / 1e6);
    if (this.epochStartMs >= 0 && nowMs - this.epochStartMs < QUIET_AFTER_EPOCH_MS) return;
    const delay = Math.max(rtt, 1000);
    if (this.delayMin === 0 || this.delayMin > delay) this.delayMin = delay;
    if (this.hystart.wants(w)) {
      this.hystart.update(w, delay, this.delayMin, pacingRate, sndUna, sndNxt, now);
    }
  }

  /** cubictcp_state(TCP_CA_Loss): forget the curve and start HyStart again. */
  onLoss(_w: CongestionWindow, sndNxt: number, now: Nanoseconds): void {
    this.reset();
    this.hystart.reset(sndNxt, now);
  }

  /** CA_EVENT_TX_START: shift the epoch by the idle time so the curve does not jump. */
  onTxStart(idle: Nanoseconds, now: Nanoseconds): void {
    if (this.epochStartMs < 0) return;
    const nowMs = Math.floor(now / 1e6);
    const delta = Math.floor(idle / 1e6);
    if (delta > 0) this.epochStartMs = Math.min(nowMs, this.epochStartMs + delta);
  }
}
