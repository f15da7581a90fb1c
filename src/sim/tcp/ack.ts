import type { SackBlock } from '../wire/types.ts';
import type { Sender } from './sender.ts';

/** The parts of an acceptable segment the send half reads (RFC 9293 §3.10.7.4, fifth step). */
export interface AckInput {
  /** SEG.ACK, absolute. */
  ack: number;
  /** The 16-bit window field. */
  window: number;
  /** SEG.SEQ, absolute in the peer's space (SND.WL1 bookkeeping). */
  seq: number;
  /** The segment occupies sequence space (data or FIN): it is no duplicate ACK (FLAG_DATA). */
  occupiesSequence: boolean;
  /** SACK blocks, wire sequence numbers. */
  sack: readonly SackBlock[] | null;
}

/**
 * Processes the ACK field, window and SACK blocks of an acceptable segment the way
 * Linux's tcp_ack does: tag the scoreboard, take RTT samples, let loss recovery decide
 * (tcp_fastretrans_alert), then reduce (Recovery, CWR) or grow cwnd. Returns false when
 * the segment acknowledges something never sent. The caller runs output() afterwards,
 * once the segment's data is in, so new segments carry the freshest ACK.
 */
export function processAck(s: Sender, input: AckInput, sackOn: boolean): boolean {
  const { ack } = input;
  if (ack > s.sndNxt) return false;
  if (ack < s.sndUna) return true; // an old, reordered ACK
  const now = s.scheduler.now;
  const board = s.board;
  const w = s.window;
  const recovery = s.recovery;
  const priorUna = s.sndUna;
  const priorPackets = board.packetsOut;
  const priorInFlight = board.inFlight;
  const priorRenoSacked = sackOn ? 0 : board.sackedOut;
  const winUpdate = s.updateWindow(ack, input.window, input.seq);

  const sackRtt = s.scratch.sackRtt;
  sackRtt.first = -1;
  sackRtt.last = -1;
  let newlySacked = 0;
  if (sackOn && input.sack !== null) {
    for (const block of input.sack) {
      // Blocks at or below the cumulative ACK (D-SACK, old) or beyond snd_nxt tag nothing.
      const left = Math.max(s.toAbs(block.left), ack);
      const right = Math.min(s.toAbs(block.right), s.sndNxt);
      if (left < right) newlySacked += board.sack(left, right, now, sackRtt);
    }
  }

  const advanced = ack > priorUna;
  let ackedPackets = 0;
  let ackedUnsacked = 0;
  // RTT samples, as Linux's tcp_ack_update_rtt: for RFC 6298 from the earliest segment
  // this ACK covers, else from the earliest newly SACKed; for congestion control from the
  // latest newly SACKed, else the latest covered (ca_rtt_us).
  let seqRtt = -1;
  let caRtt = sackRtt.last;
  if (advanced) {
    const acked = board.ackTo(ack, now);
    ackedPackets = acked.packets;
    // Segments SACKed earlier were counted as delivered then (tcp_clean_rtx_queue).
    ackedUnsacked = acked.packets - acked.sacked;
    seqRtt = acked.firstRtt;
    if (caRtt < 0) caRtt = acked.rtt;
    const dataAcked = Math.min(ack, s.dataEnd) - Math.max(priorUna, 1);
    if (dataAcked > 0) s.stats.bytesAcked += dataAcked;
    s.sndUna = ack;
    s.buffer.release(Math.min(ack, s.dataEnd) - 1);
    s.retries = 0;
  }
  if (seqRtt < 0) seqRtt = sackRtt.first;
  if (seqRtt >= 0) s.sampleRtt(seqRtt);
  if (s.sndWnd > 0) s.windowOpened();
  // tcp_ack's no_queue: nothing was outstanding (the handshake, a window update).
  if (priorPackets === 0) {
    if (advanced) s.rearmRetransmitTimer();
    return true;
  }

  const isDupack = !advanced && !input.occupiesSequence && !winUpdate;
  if (isDupack) s.stats.dupAcksReceived++;
  if (caRtt >= 0) {
    const sample = s.scratch.rtt;
    sample.rtt = caRtt;
    sample.sndUna = s.sndUna;
    sample.sndNxt = s.sndNxt;
    sample.pacingRate = s.pacingRate();
    sample.now = now;
    s.cc.onRttSample(w, sample);
  }
  // Without SACK a dupACK delivers one segment, a cumulative ACK the rest (tcp_add_reno_sack).
  const delivered = sackOn
    ? ackedUnsacked + newlySacked
    : advanced
      ? Math.max(ackedPackets - priorRenoSacked, 1)
      : isDupack
        ? 1
        : 0;
  const dubious = isDupack || newlySacked > 0 || recovery.state !== 'open';
  const event = s.scratch.event;
  if (dubious) {
    event.sndUna = s.sndUna;
    event.sndNxt = s.sndNxt;
    event.advanced = advanced;
    event.ackedPackets = ackedPackets;
    event.newlySacked = newlySacked;
    event.isDupack = isDupack;
    event.now = now;
  }
  const grow = s.scratch.grow;
  grow.now = now;

  if (s.legacy) {
    // 2.4 tcp_ack: grow first, one segment per ACK, only if the flight filled cwnd.
    const mayRaise = !recovery.reducing;
    if (advanced && priorInFlight >= w.cwnd && (!dubious || mayRaise)) {
      grow.acked = 1;
      grow.cwndLimited = true;
      s.cc.congAvoid(w, grow);
    }
    if (dubious) recovery.onAck(event);
  } else {
    // Modern tcp_ack: recovery decides, then tcp_cong_control reduces or grows.
    const newlyLost = dubious ? recovery.onAck(event) : 0;
    if (recovery.reducing) {
      recovery.reduction.onAck(w, {
        delivered,
        inFlight: board.inFlight,
        newlyLost,
        sndUnaAdvanced: advanced,
      });
    } else if (advanced) {
      grow.acked = delivered;
      grow.cwndLimited = s.isCwndLimited();
      s.cc.congAvoid(w, grow);
    }
  }
  if (advanced) s.rearmRetransmitTimer();
  return true;
}
