import { NS_PER_S, NS_PER_US, type Nanoseconds } from '../core/time.ts';
import type { AppSocket } from '../app/socket.ts';
import type { TcpConnection } from '../tcp/connection.ts';
import type { TcpStateName } from './results.ts';

/**
 * Results of the transaction workloads (request-response, connection-churn), and the
 * latency histogram they record into.
 */

/** Sub-buckets per power of two: 2^7, so a bucket spans at most 1/128 of its values. */
const SUB_BITS = 7;
const SUB_COUNT = 1 << SUB_BITS;
/** Octaves up to 2^53 ns (a double's exact integers; ≈ 104 days). */
const OCTAVES = 53 - SUB_BITS + 1;
const BUCKETS = SUB_COUNT + OCTAVES * SUB_COUNT;
const TWO_POW_32 = 4_294_967_296;

/** floor(log2(v)) for an integer v ≥ 1, without Math.log2's rounding near powers of two. */
function octaveOf(v: number): number {
  if (v < TWO_POW_32) return 31 - Math.clz32(v);
  return 63 - Math.clz32(Math.floor(v / TWO_POW_32));
}

/**
 * A log-linear histogram of non-negative integer values (HdrHistogram's layout): values
 * below 128 get a bucket each, every octave above is cut into 128 equal buckets. A
 * percentile is read as its bucket's midpoint, within 0.4 % of the exact value.
 * Recording never allocates, so it can sit on a per-transaction path.
 */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  /** Values recorded. */
  count = 0;
  /** Sum of the values, for an exact mean. */
  sum = 0;
  min = Infinity;
  max = -Infinity;

  record(value: number): void {
    const v = Math.max(0, Math.floor(value));
    this.counts[LatencyHistogram.indexOf(v)]!++;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  get mean(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }

  /**
   * The nearest-rank p-th percentile (0 < p ≤ 100): the value of rank ⌈p/100 · n⌉, as its
   * bucket's midpoint clamped to the recorded range. NaN when nothing was recorded.
   */
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) {
        const mid = LatencyHistogram.lowerBound(i) + (LatencyHistogram.width(i) - 1) / 2;
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }

  static indexOf(v: number): number {
    if (v < SUB_COUNT) return v;
    const shift = octaveOf(v) - SUB_BITS;
    const sub = Math.floor(v / 2 ** shift) - SUB_COUNT;
    return Math.min(BUCKETS - 1, SUB_COUNT + shift * SUB_COUNT + sub);
  }

  static lowerBound(i: number): number {
    if (i < SUB_COUNT) return i;
    const shift = Math.floor((i - SUB_COUNT) / SUB_COUNT);
    return (SUB_COUNT + ((i - SUB_COUNT) % SUB_COUNT)) * 2 ** shift;
  }

  static width(i: number): number {
    return i < SUB_COUNT ? 1 : 2 ** Math.floor((i - SUB_COUNT) / SUB_COUNT);
  }
}

/** Latency percentiles in microseconds. */
export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  /** Exact mean (not read from the buckets). */
  mean: number;
  /** Samples behind these numbers. */
  samples: number;
}

/** Summarises a nanosecond histogram in µs; null when it holds no sample. */
export function latencySummary(h: LatencyHistogram): LatencySummary | null {
  if (h.count === 0) return null;
  return {
    p50: h.percentile(50) / NS_PER_US,
    p90: h.percentile(90) / NS_PER_US,
    p99: h.percentile(99) / NS_PER_US,
    mean: h.mean / NS_PER_US,
    samples: h.count,
  };
}

export type TransactionWorkloadKind =
  'request-response' | 'connection-churn' | 'udp-stream' | 'udp-rr';

/** The `workload` section of the results JSON for the transaction workloads. */
export interface WorkloadResult {
  kind: TransactionWorkloadKind;
  /** request-response: transactions completed per second of the measured half, all connections. */
  transactionsPerSecond?: number;
  /** connection-churn: connections opened, used and closed per second of the measured half. */
  connectionsPerSecond?: number;
  /**
   * Per-transaction latency (request written → last response byte delivered) for
   * request-response; for connection-churn, connect() → close complete. Measured half;
   * null when nothing completed in it.
   */
  latencyUs: LatencySummary | null;
  /** connection-churn: connect() → ESTABLISHED (SYN to SYN-ACK's arrival), measured half. */
  connectLatencyUs?: LatencySummary | null;
  /** Transactions (request-response) or connections (churn) completed in the measured half. */
  completed: number;
  /**
   * Connections that ended by reset or timeout, over the whole run; for churn also
   * connect() attempts refused because every ephemeral port was busy or in TIME_WAIT.
   */
  failed: number;
  /** Every request and response byte delivered so far equals the bytes its writer wrote. */
  streamIntact: boolean;
}

/** Payload delivered to the applications on one port in the measured half (for goodput). */
export interface WorkloadPortBytes {
  port: number;
  /** Request bytes the peer's application received (local host → peer). */
  txBytes: number;
  /** Response bytes the local host's application received (peer → local host). */
  rxBytes: number;
}

/**
 * One request-response connection, or one churn slot (the series of connections it
 * opened one after another), over the whole run.
 */
export interface WorkloadConnection {
  /** Connection (request-response) or slot (churn) number, from 0 in opening order. */
  id: number;
  port: number;
  /** Which way its data goes; absent means both (requests out, responses back). */
  direction?: 'tx' | 'rx';
  /** Request bytes the local host's application wrote. */
  requestBytesWritten: number;
  /** Request bytes delivered to the peer's application. */
  requestBytesDelivered: number;
  /** Response bytes the peer's application wrote. */
  responseBytesWritten: number;
  /** Response bytes delivered to the local host's application. */
  responseBytesDelivered: number;
  /** Transactions (request-response) or connections (churn) completed. */
  completed: number;
  /** Connections that ended by reset or timeout, or connect() attempts refused for want of a port. */
  failed: number;
  /** The bytes each application received equal what the other end wrote. */
  streamIntact: boolean;
  /** Segments retransmitted, both ends (churn: summed over finished connections). */
  retransmits: number;
  /** Retransmission-timer expiries, both ends (churn: summed over finished connections). */
  timeouts: number;
  /** The local end's TCP state now (churn: the current connection's; CLOSED when none). */
  state: TcpStateName;
  /**
   * The local end's socket (churn: the current connection's, else the last one's); absent
   * where there is no TCP socket to ask (whether the card holds it is then false).
   */
  local?: AppSocket | null;
}

/** A TCP byte stream whose delivered payload counts toward a port's goodput. */
export interface MeasuredStream {
  /** The port whose goodput counts it. */
  port: number;
  /** 'tx': the local host sends it (the peer's application receives); 'rx': the reverse. */
  direction: 'tx' | 'rx';
  /** The local end's connection: its address and ports name the stream's frames. */
  local: TcpConnection;
  /** Bytes the receiving application has received so far. */
  delivered(): number;
}

/** A running transaction workload, as the run loop and the results see it. */
export interface WorkloadRun {
  readonly kind: TransactionWorkloadKind;
  /** Starts the measured half: counters, histograms and per-port bytes restart at `now`. */
  markHalf(now: Nanoseconds): void;
  summarize(now: Nanoseconds): WorkloadResult;
  /** Per-port payload delivered since `markHalf` (since the start if it was never called). */
  portBytes(): WorkloadPortBytes[];
  /**
   * The TCP request and response streams of the connections open now, whose goodput the
   * measured half corrects for bytes already on the wire (observe/wire-front.ts); absent
   * for workloads without TCP streams.
   */
  streams?(): MeasuredStream[];
  connections(): WorkloadConnection[];
}

/** Payload delivered per port, with a snapshot at the start of the measured half. */
export class PortByteCounters {
  readonly tx: Float64Array;
  readonly rx: Float64Array;
  private readonly txAtHalf: Float64Array;
  private readonly rxAtHalf: Float64Array;

  constructor(ports: number) {
    this.tx = new Float64Array(ports);
    this.rx = new Float64Array(ports);
    this.txAtHalf = new Float64Array(ports);
    this.rxAtHalf = new Float64Array(ports);
  }

  markHalf(): void {
    this.txAtHalf.set(this.tx);
    this.rxAtHalf.set(this.rx);
  }

  measured(): WorkloadPortBytes[] {
    return Array.from(this.tx, (_, port) => ({
      port,
      txBytes: this.tx[port]! - this.txAtHalf[port]!,
      rxBytes: this.rx[port]! - this.rxAtHalf[port]!,
    }));
  }
}

/** Events per second over [since, now]; 0 for an empty interval. */
export function ratePerSecond(events: number, since: Nanoseconds, now: Nanoseconds): number {
  return now > since ? (events * NS_PER_S) / (now - since) : 0;
}
