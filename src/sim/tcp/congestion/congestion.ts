/**
 * A congestion-control algorithm (smoltcp's `congestion` module, gVisor's
 * congestionControl): it owns cwnd and ssthresh, in bytes; the sender owns loss
 * detection and tells it what happened.
 */
export interface CongestionControl {
  readonly name: string;
  readonly cwnd: number;
  readonly ssthresh: number;
  /** At connection establishment, once the MSS is known. */
  init(mss: number): void;
  /** New data acknowledged outside recovery; `cwndLimited` when the flight filled cwnd. */
  onAck(acked: number, mss: number, cwndLimited: boolean): void;
  /** Third duplicate ACK: enter fast recovery with `flight` bytes outstanding. */
  onFastRetransmit(flight: number, mss: number): void;
  /** A further duplicate ACK during recovery. */
  onDupAckInRecovery(mss: number): void;
  /** RFC 6582 partial ACK of `acked` bytes during recovery. */
  onPartialAck(acked: number, mss: number): void;
  /** Recovery ends with a full ACK. */
  onRecoveryEnd(flight: number, mss: number): void;
  /** Retransmission timeout. */
  onTimeout(flight: number, mss: number): void;
  /** Path MTU changed: keep the window in bytes (no cut), only the floor moves. */
  onMssChange(mss: number): void;
  /**
   * The local device queue refused a segment: enter CWR (Linux tcp_enter_cwr) with
   * `flight` bytes outstanding. Unlike a loss, nothing has to be retransmitted.
   */
  onLocalCongestion(flight: number, mss: number): void;
  /** An ACK that advanced snd_una while in CWR (Linux tcp_cwnd_down). */
  onCwrAck(flight: number, mss: number): void;
  /** CWR ends: everything sent before it was entered is acknowledged (tcp_complete_cwr). */
  onCwrEnd(): void;
}
