import { seqDiff } from '../tcp/sequence.ts';
import { TcpFlag, type EthernetFrame, type TcpSegment } from '../wire/types.ts';

/**
 * Watches the frames where each port meets its wire (runScenario's `frames` tap) and
 * checks that no TCP sender ever sends beyond the receive window its peer offered
 * (RFC 9293 §3.8.6: data only up to SND.UNA + SND.WND).
 *
 * The tap sees a port's own frames as they leave and the peer's as they arrive, so for
 * either sender the tap has seen every window update the sender could have acted on, and
 * possibly newer ones: the right edge the tap knows is never behind the sender's. A
 * receiver may shrink its window (RFC 9293 discourages it, never forbids it); a sender
 * that then resends what the old window allowed is right, so a segment is checked
 * against the furthest right edge ever offered. Zero-window probes carry no new byte
 * (Linux: 0 bytes at SND.UNA − 1) and pass the same rule.
 */

/** One direction of one connection: the data sender's side, keyed by both ends. */
interface Direction {
  /** The sender's ISN was seen (its SYN), so its sequence numbers can be compared. */
  synSeen: boolean;
  /** Furthest right edge (ACK + window) the receiver has offered, null before any. */
  rightEdge: number | null;
  /** Shift the receiver applies to its window field (RFC 7323), once both SYNs agree. */
  receiverShift: number;
  /** The window scale each end's SYN offered; null when absent or not yet seen. */
  offeredShift: number | null;
}

export interface WindowViolation {
  port: number;
  timeNs: number;
  /** `10.0.0.1:40000 → 10.0.0.2:5001` */
  flow: string;
  seq: number;
  length: number;
  rightEdge: number;
  /** How far past the right edge the segment ends, bytes. */
  beyondBytes: number;
}

function reset(d: Direction): void {
  d.synSeen = false;
  d.rightEdge = null;
  d.receiverShift = 0;
  d.offeredShift = null;
}

function ip(a: number): string {
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');
}

export class WindowCheck {
  private readonly directions = new Map<string, Direction>();
  readonly violations: WindowViolation[] = [];
  /** Data segments checked. */
  checked = 0;

  /** Feed every tapped frame, in tap order (per port, time order). */
  frame(port: number, timeNs: number, frame: EthernetFrame): void {
    if (frame.etherType !== 0x0800 || frame.ip.protocol !== 6) return;
    const seg = frame.ip.tcp;
    const src = `${ip(frame.ip.src)}:${seg.srcPort}`;
    const dst = `${ip(frame.ip.dst)}:${seg.dstPort}`;
    const sending = this.direction(`${src} → ${dst}`);
    const receiving = this.direction(`${dst} → ${src}`);
    if (seg.flags & TcpFlag.RST) return;
    if (seg.flags & TcpFlag.SYN) {
      this.syn(seg, sending, receiving);
      return;
    }
    // This segment's ACK and window bound what its receiver (our `receiving` sender) may send.
    if (seg.flags & TcpFlag.ACK) {
      const edge = (seg.ack + seg.window * 2 ** receiving.receiverShift) >>> 0;
      if (receiving.rightEdge === null || seqDiff(edge, receiving.rightEdge) > 0) {
        receiving.rightEdge = edge;
      }
    }
    const length = seg.payload.length;
    if (length === 0 || !sending.synSeen || sending.rightEdge === null) return;
    this.checked++;
    const end = (seg.seq + length) >>> 0;
    const beyond = seqDiff(end, sending.rightEdge);
    if (beyond > 0) {
      this.violations.push({
        port,
        timeNs,
        flow: `${src} → ${dst}`,
        seq: seg.seq,
        length,
        rightEdge: sending.rightEdge,
        beyondBytes: beyond,
      });
    }
  }

  private syn(seg: TcpSegment, sending: Direction, receiving: Direction): void {
    const isAck = (seg.flags & TcpFlag.ACK) !== 0;
    if (!isAck) {
      // A new connection on this port pair starts both directions afresh.
      reset(sending);
      reset(receiving);
    }
    sending.synSeen = true;
    sending.offeredShift = seg.windowScale;
    // Windows in SYNs are never scaled; scaling holds once both ends offered it.
    if (isAck) {
      const edge = (seg.ack + seg.window) >>> 0;
      if (receiving.rightEdge === null || seqDiff(edge, receiving.rightEdge) > 0) {
        receiving.rightEdge = edge;
      }
      if (seg.windowScale !== null && receiving.offeredShift !== null) {
        // Each end scales the windows it sends by the shift it offered.
        sending.receiverShift = receiving.offeredShift;
        receiving.receiverShift = seg.windowScale;
      }
    }
  }

  private direction(key: string): Direction {
    let d = this.directions.get(key);
    if (d === undefined) {
      d = { synSeen: false, rightEdge: null, receiverShift: 0, offeredShift: null };
      this.directions.set(key, d);
    }
    return d;
  }
}
