import { RTO_MAX, RTO_MIN } from './config.ts';
import type { Nanoseconds } from '../core/time.ts';

/**
 * RFC 6298 round-trip estimator with Linux's floor on the variance term:
 * rto = srtt + max(4·rttvar, 200 ms), capped at 120 s; exponential backoff on expiry
 * until the next valid sample (Karn's rule is the caller's: only unambiguous samples).
 */
export class RttEstimator {
  /** Smoothed RTT, ns; 0 before the first sample. */
  srtt: Nanoseconds = 0;
  rttvar: Nanoseconds = 0;
  private baseRto: Nanoseconds;
  /** Number of consecutive expiries (each doubles the RTO). */
  backoffs = 0;

  /** `initialRto`: the RTO before any sample (the profile's: 1 s, or 3 s in 2.4). */
  constructor(initialRto: Nanoseconds) {
    this.baseRto = initialRto;
  }

  /** RFC 6298 §2.2–2.3. */
  sample(r: Nanoseconds): void {
    if (this.srtt === 0) {
      this.srtt = r;
      this.rttvar = r / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - r);
      this.srtt = 0.875 * this.srtt + 0.125 * r;
    }
    this.baseRto = Math.min(RTO_MAX, Math.round(this.srtt + Math.max(4 * this.rttvar, RTO_MIN)));
    this.backoffs = 0;
  }

  /** The current timeout including backoff (RFC 6298 §5.5). */
  get rto(): Nanoseconds {
    return Math.min(RTO_MAX, this.baseRto * 2 ** this.backoffs);
  }

  backoff(): void {
    if (this.baseRto * 2 ** this.backoffs < RTO_MAX) this.backoffs++;
  }
}
