import { TcpFlag, type TcpSegment } from '../wire/types.ts';
import { processAck } from './ack.ts';
import { DELAYED_ACK } from './config.ts';
import type { TcpConnection } from './connection.ts';

const { FIN, SYN, RST, PSH, ACK } = TcpFlag;
const EMPTY = new Uint8Array(0);

/** Segment arrival (RFC 9293 §3.10.7): dispatch by state, then send what is owed. */
export function segmentArrives(c: TcpConnection, seg: TcpSegment): void {
  c.stats.segmentsReceived++;
  switch (c.st) {
    case 'CLOSED':
    case 'LISTEN':
      return;
    case 'SYN_SENT':
      synSent(c, seg);
      return;
    case 'SYN_RECEIVED':
    case 'ESTABLISHED':
    case 'FIN_WAIT_1':
    case 'FIN_WAIT_2':
    case 'CLOSE_WAIT':
    case 'CLOSING':
    case 'LAST_ACK':
    case 'TIME_WAIT':
      synchronized(c, seg);
      c.flush();
      return;
  }
}

/** RFC 9293 §3.10.7.3. */
function synSent(c: TcpConnection, seg: TcpSegment): void {
  const s = c.sender;
  let ack = -1;
  if (seg.flags & ACK) {
    ack = s.toAbs(seg.ack);
    if (ack <= 0 || ack > s.sndNxt) {
      if (!(seg.flags & RST)) c.emitRaw(RST, seg.ack, EMPTY);
      return;
    }
  }
  if (seg.flags & RST) {
    if (ack > 0) c.closeWith('reset');
    return;
  }
  if (!(seg.flags & SYN)) return;
  c.learnSyn(seg);
  if (ack > 0) {
    s.synAcked();
    s.initWindow(seg.window, 0); // a SYN's window is never scaled (RFC 7323 §2.2)
    c.ackPolicy.ackNow = true;
    c.establish();
    c.flush();
  } else {
    // Simultaneous open (RFC 9293 Figure 8): answer with SYN-ACK.
    s.initWindow(seg.window, 0);
    c.enter('SYN_RECEIVED');
    c.emit(SYN | ACK, 0, EMPTY);
  }
}

/** Every state after SYN_SENT: RFC 9293 §3.10.7.4 with RFC 5961 and Linux's choices. */
function synchronized(c: TcpConnection, seg: TcpSegment): void {
  const r = c.receiver;
  const s = c.sender;
  const f = seg.flags;
  const seq = r.toAbs(seg.seq);
  if (c.st === 'SYN_RECEIVED' && f & SYN && seq === 0) {
    synAgain(c, seg);
    return;
  }
  const len = seg.payload.length;
  const segLen = len + (f & SYN ? 1 : 0) + (f & FIN ? 1 : 0);
  // First: sequence acceptability. A zero window still takes ACKs (RFC 9293 §3.10.7.4).
  let dataOk = true;
  if (!acceptable(c, seq, segLen)) {
    // New data the receive buffer has no room for: the socket queue drops it.
    if (len > 0 && seq >= r.rcvNxt) {
      c.stats.segmentsBeyondWindow++;
      c.host.socketDrop(c);
    }
    if (r.window === 0 && seq === r.rcvNxt && !(f & RST)) {
      dataOk = false;
      c.ackPolicy.ackNow = true;
    } else {
      if (!(f & RST)) unacceptable(c, seg, segLen);
      return;
    }
  }
  // Second: RST. RFC 5961 §3.2: only one exactly at rcv_nxt resets; else a challenge ACK.
  if (f & RST) {
    if (c.rules.challengeAcks && seq !== r.rcvNxt) {
      challengeAck(c);
      return;
    }
    c.stats.resetsReceived++;
    c.closeWith('reset', !(c.st === 'SYN_RECEIVED' && c.onAccept !== null));
    return;
  }
  // 2.4 took TS.Recent here, before knowing whether the ACK is acceptable.
  if (!c.rules.tsRecentAfterAck) updateTsRecent(c, seg, seq);
  // Fourth: a SYN in a synchronized state.
  if (f & SYN) {
    if (c.rules.challengeAcks) {
      challengeAck(c); // RFC 5961 §4.2
    } else if (seq >= r.rcvNxt) {
      // Linux 2.4 (RFC 793): an in-window SYN resets the connection, answered with RST.
      c.host.sendReset(c.localIp, c.remoteIp, seg);
      c.closeWith('reset');
    }
    return;
  }
  if (!(f & ACK)) return;
  if (c.st === 'SYN_RECEIVED') {
    const ack = s.toAbs(seg.ack);
    if (ack < 1 || ack > s.sndNxt) {
      c.emitRaw(RST, seg.ack, EMPTY);
      return;
    }
    s.synAcked();
    c.establish();
    if (c.isClosed()) return; // the application closed or aborted on accept
  }
  const priorUna = s.sndUna;
  if (!ackInput(c, seg, seq)) {
    // It acknowledges what we never sent. Modern Linux drops it without a reply (tcp_ack
    // returns SKB_DROP_REASON_TCP_ACK_UNSENT_DATA); 2.4 ignored only the ACK field
    // ("uninteresting_ack") and went on to the segment's data.
    if (!s.legacy) return;
  } else if (c.rules.tsRecentAfterAck && s.toAbs(seg.ack) >= priorUna) {
    // RFC 7323 §4.3: only a segment whose ACK was accepted updates TS.Recent.
    updateTsRecent(c, seg, seq);
  }
  if (!finAcked(c)) return;
  if (len > 0 && dataOk && c.receiving()) {
    if (c.readClosed && seq + len > r.rcvNxt) {
      // Linux tcp_rcv_state_process: data after close() has nowhere to go: reset.
      c.host.sendReset(c.localIp, c.remoteIp, seg);
      c.closeWith('reset');
      return;
    }
    // PSH: the sender emptied its buffer; a receiver holding data back (a TOE filling
    // a posted buffer) should hand over what it has (RFC 9293 §3.9.2).
    if ((f & PSH) !== 0) c.pushed = true;
    receiveData(c, seq, seg);
  }
  if (f & FIN && dataOk && r.peerFin < 0) r.peerFin = seq + len;
  checkFin(c);
}

/**
 * An unacceptable segment is answered with an ACK (RFC 9293 §3.10.7.4), a SYN with a
 * challenge ACK (RFC 5961 §4.2, `linux`); pure ACKs and SYNs only at the rate the
 * profile allows (tcp_oow_rate_limited: data segments are exempt).
 */
function unacceptable(c: TcpConnection, seg: TcpSegment, segLen: number): void {
  const syn = (seg.flags & SYN) !== 0;
  if (syn && c.rules.challengeAcks) challengeAck(c);
  else if ((segLen > 0 && !syn) || oowAckAllowed(c)) c.ackPolicy.ackNow = true;
}

/** RFC 7323 §4.3: TS.Recent ← SEG.TSval if SEG.TSval ≥ TS.Recent and SEG.SEQ ≤ Last.ACK.sent. */
function updateTsRecent(c: TcpConnection, seg: TcpSegment, seq: number): void {
  if (seg.tsVal === null || seq > c.receiver.lastAckSent) return;
  if (((seg.tsVal - c.tsRecent) | 0) >= 0) c.tsRecent = seg.tsVal;
}

/** A SYN again in SYN_RECEIVED: our SYN-ACK was lost, or a simultaneous open's SYN-ACK. */
function synAgain(c: TcpConnection, seg: TcpSegment): void {
  const s = c.sender;
  const ack = seg.flags & ACK ? s.toAbs(seg.ack) : -1;
  if (ack >= 1 && ack <= s.sndNxt) {
    s.synAcked();
    s.initWindow(seg.window, 0);
    c.ackPolicy.ackNow = true;
    c.establish();
  } else if (!(seg.flags & (ACK | RST))) {
    c.emit(SYN | ACK, 0, EMPTY);
  }
}

/** RFC 9293 §3.10.7.4, the four cases of segment length and window. */
function acceptable(c: TcpConnection, seq: number, segLen: number): boolean {
  const nxt = c.receiver.rcvNxt;
  const wnd = c.receiver.window;
  if (segLen === 0) return wnd === 0 ? seq === nxt : seq >= nxt && seq < nxt + wnd;
  if (wnd === 0) return false;
  const last = seq + segLen - 1;
  return (seq >= nxt && seq < nxt + wnd) || (last >= nxt && last < nxt + wnd);
}

/** State changes when our FIN is acknowledged; false when the connection ended. */
function finAcked(c: TcpConnection): boolean {
  const s = c.sender;
  if (s.finAbs < 0 || s.sndUna <= s.finAbs) return true;
  switch (c.st) {
    case 'FIN_WAIT_1':
      c.enter('FIN_WAIT_2');
      return true;
    case 'CLOSING':
      c.enterTimeWait();
      return true;
    case 'LAST_ACK':
      c.closeWith('normal');
      return false;
    default:
      return true;
  }
}

/** Places payload and decides when to ACK (Linux tcp_data_queue, tcp_event_data_recv). */
function receiveData(c: TcpConnection, seq: number, seg: TcpSegment): void {
  const r = c.receiver;
  const policy = c.ackPolicy;
  const before = r.rcvNxt;
  const arrival = r.accept(seq, seg.payload);
  switch (arrival) {
    case 'duplicate':
      // "A retransmit, 2nd most common case. Force an immediate ack."
      c.stats.duplicateBytesReceived += seg.payload.length;
      policy.ackNow = true;
      policy.enterQuickAck();
      return;
    case 'out-of-order':
      c.stats.outOfOrderSegments++;
      policy.ackNow = true;
      // 2.4 also entered quick-ACK mode for out-of-order data; modern Linux does not.
      if (c.sender.legacy) policy.enterQuickAck();
      return;
    case 'filled-hole':
    case 'in-order': {
      const now = c.scheduler.now;
      policy.onDataArrived(seg, c.sender.headerBytes, now, c.sender.rtt.rto);
      if (policy.afterInOrder(arrival) && !c.timers.delayedAck.armed) {
        c.timers.delayedAck.arm(now + DELAYED_ACK);
      }
      break;
    }
  }
  c.stats.bytesReceived += r.rcvNxt - before;
  c.onReadable?.();
}

/** Consumes the peer's FIN once everything before it has arrived. */
function checkFin(c: TcpConnection): void {
  const r = c.receiver;
  if (r.finReceived || r.peerFin < 0 || r.rcvNxt !== r.peerFin) return;
  r.rcvNxt++;
  r.finReceived = true;
  switch (c.st) {
    case 'SYN_RECEIVED':
    case 'ESTABLISHED':
      // Linux tcp_fin: the ACK is scheduled, not sent (pingpong mode), so the
      // application's own FIN can carry it; else the delayed-ACK timer sends it.
      if (c.config.delayedAck) {
        if (!c.timers.delayedAck.armed) {
          c.timers.delayedAck.arm(c.scheduler.now + DELAYED_ACK);
        }
      } else {
        c.ackPolicy.ackNow = true;
      }
      c.enter('CLOSE_WAIT');
      break;
    case 'FIN_WAIT_1':
      c.ackPolicy.ackNow = true;
      c.enter('CLOSING');
      break;
    case 'FIN_WAIT_2':
      c.ackPolicy.ackNow = true;
      c.enterTimeWait();
      break;
    default:
      c.ackPolicy.ackNow = true;
      break;
  }
  c.onReadable?.();
}

/**
 * An ACK the peer did not ask for by sending data (a challenge ACK, a dupACK for an
 * out-of-window segment): at most one per tcp_invalid_ratelimit (500 ms) per connection
 * in `linux` (RFC 5961 §7, Linux tcp_oow_rate_limited). True when it may go.
 */
function oowAckAllowed(c: TcpConnection): boolean {
  const interval = c.rules.invalidAckInterval;
  if (interval === 0) return true;
  const now = c.scheduler.now;
  if (c.lastOowAck >= 0 && now - c.lastOowAck < interval) {
    c.stats.acksRateLimited++;
    return false;
  }
  c.lastOowAck = now;
  return true;
}

/** RFC 5961 §3.2 / §4.2: answer a suspicious RST or SYN with an ACK, rate-limited. */
function challengeAck(c: TcpConnection): void {
  if (!oowAckAllowed(c)) return;
  c.stats.challengeAcks++;
  c.ackPolicy.ackNow = true;
}

/** Processes an acceptable segment's ACK (ack.ts); false when it acks the unsent future. */
function ackInput(c: TcpConnection, seg: TcpSegment, seq: number): boolean {
  const input = c.ackInputScratch;
  input.ack = c.sender.toAbs(seg.ack);
  input.window = seg.window;
  input.seq = seq;
  input.occupiesSequence = seg.payload.length > 0 || (seg.flags & FIN) !== 0;
  input.sack = seg.sack;
  return processAck(c.sender, input, c.sackOn);
}
