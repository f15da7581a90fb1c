import { ms, us, type Nanoseconds } from '../../core/time.ts';
import type { CongestionWindow } from './congestion.ts';

/** hystart_low_window: HyStart looks at nothing below 16 segments. */
const LOW_WINDOW = 16;
/** hystart_ack_delta_us: ACKs closer than 2 ms belong to one train. */
const ACK_DELTA: Nanoseconds = ms(2);
/** HYSTART_MIN_SAMPLES: RTT samples per round before the delay test. */
const MIN_SAMPLES = 8;
/** HYSTART_DELAY_MIN / MAX: the delay increase that ends slow start is clamped to 4–16 ms. */
const DELAY_MIN: Nanoseconds = ms(4);
const DELAY_MAX: Nanoseconds = ms(16);
/** sk_gso_max_size (64 KB): hystart_ack_delay allows four of them at the pacing rate, at most 1 ms. */
const GSO_MAX_BYTES = 65_536;

/**
 * Hybrid slow start (Ha & Rhee, "Taming the elephants", 2011), as Linux's tcp_cubic.c
 * runs it by default (hystart = 1, hystart_detect = ACK train | delay): slow start ends,
 * by setting ssthresh = cwnd, when the ACKs of one round keep coming back-to-back for
 * longer than half the minimum RTT (the pipe is full), or when the round's minimum RTT
 * rises above delay_min + clamp(delay_min / 8, 4 ms, 16 ms) (a queue is building).
 */
export class HyStart {
  found = false;
  private roundStart: Nanoseconds = 0;
  private lastAck: Nanoseconds = 0;
  private endSeq = 0;
  private currRtt: Nanoseconds = Infinity;
  private sampleCnt = 0;

  /** bictcp_hystart_reset: a new round starts now and ends when `sndNxt` is acknowledged. */
  reset(sndNxt: number, now: Nanoseconds): void {
    this.roundStart = now;
    this.lastAck = now;
    this.endSeq = sndNxt;
    this.currRtt = Infinity;
    this.sampleCnt = 0;
  }

  /** Whether this ACK's sample goes to hystart_update (bictcp_acked's condition). */
  wants(w: CongestionWindow): boolean {
    return !this.found && w.inSlowStart && w.cwnd >= LOW_WINDOW;
  }

  /**
   * hystart_update with one RTT sample. `delayMin` is CUBIC's minimum RTT; `pacingRate`
   * (bytes/s) is tcp_update_pacing_rate's 2 × cwnd × mss / srtt in slow start.
   */
  update(
    w: CongestionWindow,
    delay: Nanoseconds,
    delayMin: Nanoseconds,
    pacingRate: number,
    sndUna: number,
    sndNxt: number,
    now: Nanoseconds,
  ): void {
    if (sndUna > this.endSeq) this.reset(sndNxt, now);
    // ACK train: without fq pacing, Linux halves the threshold (packets leave back to back).
    if (now - this.lastAck <= ACK_DELTA) {
      this.lastAck = now;
      const threshold = (delayMin + this.ackDelay(pacingRate)) / 2;
      if (now - this.roundStart > threshold) this.exit(w);
    }
    // Delay increase.
    if (this.currRtt > delay) this.currRtt = delay;
    if (this.sampleCnt < MIN_SAMPLES) {
      this.sampleCnt++;
    } else if (this.currRtt > delayMin + Math.min(DELAY_MAX, Math.max(DELAY_MIN, delayMin / 8))) {
      this.exit(w);
    }
  }

  /** hystart_ack_delay: min(1 ms, 4 × 64 KB at the pacing rate). */
  private ackDelay(pacingRate: number): Nanoseconds {
    if (pacingRate <= 0) return 0;
    return Math.min(us(1000), (4 * GSO_MAX_BYTES * 1e9) / pacingRate);
  }

  private exit(w: CongestionWindow): void {
    this.found = true;
    w.ssthresh = w.cwnd;
  }
}
