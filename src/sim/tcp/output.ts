import { TcpFlag, type TcpSegment } from '../wire/types.ts';
import { IP_TCP_HEADERS } from './config.ts';
import type { TcpConnection } from './connection.ts';
import { windowShiftFor } from './options.ts';

const { SYN, RST, FIN, ACK } = TcpFlag;

/**
 * Builds a segment with the options in force and hands it to IP. False when the local
 * device queue refused it (Linux tcp_transmit_skb sees NET_XMIT_DROP): then it counts as
 * not sent — no ACK was delivered, no timer moves — and the sender enters CWR.
 */
export function sendSegment(
  c: TcpConnection,
  flags: number,
  wireSeq: number,
  payload: Uint8Array,
): boolean {
  const r = c.receiver;
  const syn = (flags & SYN) !== 0;
  const hasAck = (flags & ACK) !== 0;
  const ts = syn ? c.offerTs : c.tsOn;
  const seg: TcpSegment = {
    srcPort: c.localPort,
    dstPort: c.remotePort,
    seq: wireSeq,
    ack: hasAck ? r.toWire(r.rcvNxt) : 0,
    flags,
    window: flags & RST ? 0 : r.windowField(syn),
    mss: syn ? c.host.lower.mtuFor(c.remoteIp) - IP_TCP_HEADERS : null,
    windowScale: syn && c.offerWscale ? windowShiftFor(c.config.recvBufferBytes) : null,
    sackPermitted: syn && c.offerSack,
    sack: !syn && hasAck && c.sackOn ? r.sackBlocks(c.tsOn ? 3 : 4) : null,
    tsVal: ts ? Math.floor(c.scheduler.now / 1e6) >>> 0 : null,
    tsEcr: ts && hasAck ? c.tsRecent : 0,
    payload,
  };
  // As tcp_transmit_skb: the ACK it carries counts as sent (tcp_event_ack_sent) before
  // the device queue is asked, so a refused segment does not leave an ACK owed.
  if (hasAck) {
    r.lastAckSent = r.rcvNxt;
    c.ackPolicy.ackNow = false;
    c.timers.delayedAck.cancel();
  }
  const st = c.stats;
  if (!c.host.lower.output(c.localIp, c.remoteIp, seg)) {
    st.localDrops++;
    return false;
  }
  st.segmentsSent++;
  if (payload.length > 0) {
    st.dataSegmentsSent++;
    st.bytesSent += payload.length;
  } else if (flags & RST) st.resetsSent++;
  else if (!(flags & (SYN | FIN))) st.acksSent++;
  return true;
}
