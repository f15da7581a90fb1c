import type { Nanoseconds } from '../core/time.ts';
import { DUP_THRESH, type ProfileRules } from './config.ts';
import type { CongestionControl, CongestionWindow } from './congestion/congestion.ts';
import { Prr } from './congestion/prr.ts';
import { RateHalving } from './congestion/rate-halving.ts';
import type { CwndReduction } from './congestion/reduction.ts';
import { currentSsthresh } from './congestion/window-use.ts';
import type { Scoreboard } from './sack-scoreboard.ts';
import type { TcpStats } from './stats.ts';

/**
 * Linux's congestion-avoidance state (icsk_ca_state): Open, Disorder (dupACKs or SACKs
 * seen, no loss decided yet), CWR (cwnd cut for local congestion), Recovery (fast
 * recovery after a detected loss), Loss (after an RTO).
 */
export type CaState = 'open' | 'disorder' | 'cwr' | 'recovery' | 'loss';

/** What one acceptable ACK did, as tcp_fastretrans_alert sees it. */
export interface AckEvent {
  sndUna: number;
  sndNxt: number;
  /** snd_una moved forward (FLAG_SND_UNA_ADVANCED). */
  advanced: boolean;
  /** Segments wholly acknowledged by this ACK. */
  ackedPackets: number;
  /** Segments newly SACKed by this ACK (FLAG_DATA_SACKED when > 0). */
  newlySacked: number;
  /** No data, no window update, snd_una unchanged: RFC 5681 §2's duplicate ACK. */
  isDupack: boolean;
  now: Nanoseconds;
}

/**
 * Loss recovery (Linux's tcp_fastretrans_alert, RFC 6675 with SACK, RFC 6582 NewReno
 * without): decides when a hole is a loss, tags segments lost on the scoreboard, enters
 * and leaves Recovery, Loss and CWR, and brings cwnd down with the profile's reduction
 * (PRR in `linux`, rate halving in `linux-2.4`). The sender then retransmits what is
 * tagged lost while packets in flight < cwnd (tcp_xmit_retransmit_queue).
 */
export class LossRecovery {
  state: CaState = 'open';
  /** snd_nxt when the current state began (RFC 6582 "recover", Linux high_seq). */
  highSeq = 0;
  readonly reduction: CwndReduction;
  /** SACK negotiated: without it duplicate ACKs stand in for SACKed segments. */
  sackOn = false;
  private readonly legacy: boolean;

  constructor(
    private readonly rules: ProfileRules,
    private readonly board: Scoreboard,
    private readonly window: CongestionWindow,
    private readonly cc: CongestionControl,
    private readonly stats: TcpStats,
  ) {
    this.reduction = rules.reduction === 'prr' ? new Prr() : new RateHalving();
    this.legacy = rules.growth === 'linux-2.4';
    board.countAll = rules.lossMarking === 'fack';
  }

  /** Recovery or CWR: cwnd is being brought down (tcp_in_cwnd_reduction). */
  get reducing(): boolean {
    return this.state === 'recovery' || this.state === 'cwr';
  }

  /**
   * tcp_fastretrans_alert for an ACK that is "dubious" (a dupACK, new SACK information,
   * or any ACK outside Open). Returns the packets newly tagged lost.
   */
  onAck(e: AckEvent): number {
    const board = this.board;
    if (!this.sackOn && board.packetsOut === 0) board.resetRenoSacks();
    // State exits once everything sent before the state began is acknowledged.
    if (this.state !== 'open' && e.sndUna >= this.highSeq) {
      if (this.exitState(e)) return 0;
    }
    let fastRexmit = false;
    let doLost = e.isDupack;
    switch (this.state) {
      case 'recovery':
        if (!e.advanced) {
          if (!this.sackOn && e.isDupack) board.addRenoSack();
        } else {
          if (!this.sackOn) board.removeRenoSacks(e.ackedPackets);
          // A partial ACK (RFC 6582 §3.2 step 3): the next hole is lost too.
          doLost = !this.sackOn || board.facketsOut > DUP_THRESH;
        }
        break;
      case 'loss':
        if (!this.sackOn) {
          if (e.sndNxt > this.highSeq && e.isDupack) board.addRenoSack();
          else if (e.advanced) board.resetRenoSacks();
        }
        // 2.4 tcp_moderate_cwnd in Loss: no bursts beyond three segments.
        if (this.legacy) this.window.cwnd = Math.min(this.window.cwnd, board.inFlight + DUP_THRESH);
        return 0;
      default:
        if (!this.sackOn) {
          if (e.advanced) board.resetRenoSacks();
          if (e.isDupack) board.addRenoSack();
        }
        if (!this.timeToRecover()) {
          this.tryToOpen(e);
          return 0;
        }
        this.enterRecovery(e.sndNxt);
        fastRexmit = true;
        doLost = true;
        break;
    }
    if (e.newlySacked > 0 && board.facketsOut > DUP_THRESH) doLost = true;
    const lost = doLost ? this.updateScoreboard(fastRexmit, e.sndNxt) : 0;
    // 2.4 reduces here on every ACK (tcp_cwnd_down); modern Linux after, by delivery (PRR).
    if (this.legacy && this.reducing) {
      this.reduction.onAck(this.window, {
        delivered: 0,
        inFlight: board.inFlight,
        newlyLost: lost,
        sndUnaAdvanced: e.advanced,
      });
    }
    return lost;
  }

  /** "E. Check state exit conditions"; true when the ACK needs nothing more. */
  private exitState(e: AckEvent): boolean {
    switch (this.state) {
      case 'open':
        return false;
      case 'cwr':
        // CWR holds until something above high_seq is acknowledged.
        if (e.sndUna !== this.highSeq) {
          this.reduction.end(this.window);
          this.state = 'open';
        }
        return false;
      case 'disorder':
        this.state = 'open';
        return false;
      case 'recovery':
      case 'loss':
        if (!this.sackOn) this.board.resetRenoSacks();
        // NewReno keeps the state until an ACK above "recover" (RFC 6582 §3.2 step 4 / RFC 2582).
        if (!this.sackOn && e.sndUna === this.highSeq) {
          if (this.legacy) this.moderate();
          return true;
        }
        if (this.state === 'recovery') this.reduction.end(this.window);
        this.state = 'open';
        return false;
    }
  }

  /** tcp_time_to_recover: is the hole at snd_una a loss rather than reordering? */
  private timeToRecover(): boolean {
    const board = this.board;
    if (board.lostOut > 0) return true;
    // RFC 5681 §3.2 / RFC 6675 §5: DupThresh duplicate ACKs or SACKed segments; with
    // FACK (2.4) the distance from snd_una to the highest SACKed segment.
    const heuristic =
      this.sackOn && this.rules.lossMarking === 'fack' ? board.facketsOut : board.sackedOut + 1;
    return heuristic > DUP_THRESH;
  }

  /** tcp_enter_recovery: ssthresh from congestion control, unless already reducing. */
  private enterRecovery(sndNxt: number): void {
    this.stats.fastRetransmits++;
    this.highSeq = sndNxt;
    if (!this.reducing) {
      this.window.ssthresh = this.cc.ssthresh(this.window);
      this.reduction.start(this.window);
    }
    this.window.cwndCnt = 0;
    this.state = 'recovery';
  }

  /** tcp_update_scoreboard: tag what is now known lost. */
  private updateScoreboard(fastRexmit: boolean, sndNxt: number): number {
    const board = this.board;
    if (!this.sackOn) return board.markHeadLost(1, this.highSeq, true);
    if (this.rules.lossMarking === 'fack') {
      return board.markHeadLost(Math.max(board.facketsOut - DUP_THRESH, 1), this.highSeq, false);
    }
    // RFC 6675 §4 IsLost: DupThresh SACKed segments above it.
    const sackedUpTo = board.sackedOut - DUP_THRESH;
    if (sackedUpTo >= 0) return board.markHeadLost(sackedUpTo, sndNxt, false);
    return fastRexmit ? board.markHeadLost(1, sndNxt, true) : 0;
  }

  /** tcp_try_to_open: Disorder while anything is SACKed, lost or retransmitted. */
  private tryToOpen(e: AckEvent): void {
    const board = this.board;
    if (this.state === 'cwr') {
      if (this.legacy) {
        this.reduction.onAck(this.window, {
          delivered: 0,
          inFlight: board.inFlight,
          newlyLost: 0,
          sndUnaAdvanced: e.advanced,
        });
      }
      return;
    }
    const next: CaState =
      board.sackedOut > 0 || board.lostOut > 0 || board.retransOut > 0 ? 'disorder' : 'open';
    if (next !== this.state) {
      this.state = next;
      this.highSeq = e.sndNxt;
    }
    if (this.legacy) this.moderate();
  }

  /** 2.4 tcp_moderate_cwnd: cwnd ≤ in flight + tcp_max_burst (the reordering, 3). */
  private moderate(): void {
    this.window.cwnd = Math.min(this.window.cwnd, this.board.inFlight + DUP_THRESH);
  }

  /**
   * RTO (tcp_enter_loss): ssthresh is cut once per loss episode, cwnd goes to one
   * segment, and every un-SACKed segment is tagged lost (RFC 5681 §3.1, RFC 6675 §5.1).
   */
  enterLoss(sndUna: number, sndNxt: number, firstTimeout: boolean, now: Nanoseconds): void {
    const w = this.window;
    if (
      this.state === 'open' ||
      this.state === 'disorder' ||
      this.highSeq <= sndUna ||
      (this.state === 'loss' && firstTimeout)
    ) {
      w.ssthresh = this.cc.ssthresh(w);
    }
    if (!this.sackOn) this.board.resetRenoSacks();
    this.board.markAllLost();
    w.cwnd = this.board.inFlight + 1;
    w.cwndCnt = 0;
    this.state = 'loss';
    this.highSeq = sndNxt;
    this.cc.onLoss(w, sndNxt, now);
  }

  /**
   * The local device queue refused a segment (tcp_enter_cwr): cut ssthresh once and bring
   * cwnd down gradually; nothing is lost.
   */
  enterCwr(sndNxt: number): void {
    if (this.state !== 'open' && this.state !== 'disorder') return;
    this.stats.cwrEntries++;
    this.window.ssthresh = this.cc.ssthresh(this.window);
    this.reduction.start(this.window);
    if (this.legacy) this.window.cwnd = Math.min(this.window.cwnd, this.board.inFlight + 1);
    this.highSeq = sndNxt;
    this.state = 'cwr';
  }

  /**
   * Path MTU fell (tcp_simple_retransmit): segments too big for the path are lost; Loss
   * state without a cwnd cut, since the data in the network did not grow.
   */
  onMtuDrop(marked: number, sndNxt: number, now: Nanoseconds): void {
    if (marked === 0 || this.state === 'loss') return;
    const w = this.window;
    this.highSeq = sndNxt;
    w.ssthresh = currentSsthresh(w, this.reducing);
    this.state = 'loss';
    this.cc.onLoss(w, sndNxt, now);
  }
}
