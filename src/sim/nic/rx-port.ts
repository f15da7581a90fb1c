import { DelayLine } from '../core/delay-line.ts';
import { Fifo, NumberFifo } from '../core/fifo.ts';
import type { Timer } from '../core/scheduler.ts';
import { FRACTIONAL, type Nanoseconds } from '../core/time.ts';
import { QueueGauge } from '../metrics/queue-gauge.ts';
import { frameWireBytes } from '../wire/size.ts';
import type { EthernetFrame } from '../wire/types.ts';
import type { Nic } from './nic.ts';

/** Why the card dropped a frame it received (8254x "missed packets", MPC). */
export type RxDropReason = 'fifoOverflow' | 'ringEmpty';

/** When the frame the handler took leaves the FIFO (its DMA to the host, or the engine, is done). */
export interface RxTiming {
  releaseAt: Nanoseconds;
}

/**
 * What the card does with the frame at the head of a port's receive FIFO; set by the
 * architecture. False when the frame must go to the host and the receive ring has no
 * free descriptor: it waits at the head (and the FIFO fills behind it).
 */
export type RxHandler = (
  port: number,
  frame: EthernetFrame,
  now: Nanoseconds,
  out: RxTiming,
) => boolean;

/** 802.3x flow control as the driver sets it up (off unless the scenario enables it). */
export interface FlowControl {
  /** Send XOFF when the FIFO holds at least this many bytes… */
  highWaterBytes: number;
  /** …and XON once it is back at or below this. */
  lowWaterBytes: number;
  /** Pause time an XOFF asks for, in 512-bit quanta. */
  quanta: number;
  /** Sends a PAUSE frame on the port's own wire. */
  send: (quanta: number) => void;
}

/**
 * A port's receive side on the card: frames from the wire wait in the on-card receive
 * FIFO (8254x: 48 KB of its 64 KB packet buffer) until the card moves them on — by DMA
 * into a host buffer the driver posted in the receive descriptor ring, or into the card's
 * own engine — whose servers (engine, DMA write engine) queue the work in order. A frame
 * that finds the FIFO full is dropped ("missed"): counted as `ringEmpty` when the FIFO is
 * full because its head waits for a descriptor (the host fell behind), else
 * `fifoOverflow` (DMA or the engine fell behind). With flow control on, the port sends
 * XOFF above the high-water mark and XON below the low one, as e1000 sets FCRTH/FCRTL.
 */
export class RxPort {
  /** Bytes in the receive FIFO. */
  readonly fifo: QueueGauge;
  /** Descriptors the card has filled and the driver has not yet given back. */
  readonly ringHeld: QueueGauge;
  readonly drops: Record<RxDropReason, number> = { fifoOverflow: 0, ringEmpty: 0 };
  /** PAUSE frames sent: XOFF (with quanta) and XON. */
  xoffSent = 0;
  xonSent = 0;
  /** Numbers from the start (see core/time.ts). */
  readonly port: number = 0;
  readonly fifoBytes: number = 0;
  /** Receive descriptors the driver has handed to the card and the card has not used. */
  private free = 0;
  private readonly queue = new Fifo<EthernetFrame>();
  /** The head waits for a descriptor. */
  private waiting = false;
  /** When each taken frame's bytes leave the FIFO, and how many: applied as time passes. */
  private readonly releaseAt = new NumberFifo();
  private readonly releaseBytes = new NumberFifo();
  /** What the handler says of the frame it took; `releaseAt` a double from the start (see FRACTIONAL). */
  private readonly timing: RxTiming = { releaseAt: FRACTIONAL };
  private readonly flow: FlowControl | null;
  private xoff = false;
  /** Flow control only: frees FIFO bytes on time (XON must go out as it drains). */
  private readonly releaser: DelayLine<number> | null;
  /** Flow control only: re-sends XOFF before the peer's pause runs out. */
  private readonly refresh: Timer | null;
  /** Told of every frame dropped here, for the event log. */
  onDrop: (frame: EthernetFrame, reason: RxDropReason, now: Nanoseconds) => void = () => {};

  constructor(
    private readonly nic: Nic,
    port: number,
    fifoBytes: number,
    descriptors: number,
    flow: FlowControl | null,
  ) {
    this.port = port;
    this.fifoBytes = fifoBytes;
    this.timing.releaseAt = 0;
    this.free = descriptors;
    this.fifo = new QueueGauge(fifoBytes);
    this.ringHeld = new QueueGauge(descriptors);
    this.flow = flow;
    const s = nic.scheduler;
    this.releaser =
      flow === null
        ? null
        : new DelayLine(s, `nic.port${port}.rx-release`, (bytes, now) =>
            this.freeBytes(bytes, now),
          );
    this.refresh =
      flow === null
        ? null
        : s.timer(`nic.port${port}.xoff-refresh`, (now) => this.refreshXoff(now));
  }

  /** Descriptors the card can still fill. */
  get descriptors(): number {
    return this.free;
  }

  /** Brings the FIFO's depth up to `now` (bytes whose DMA finished leave it). */
  settle(now: Nanoseconds): void {
    for (let t = this.releaseAt.peek(); t <= now; t = this.releaseAt.peek()) {
      this.releaseAt.shift();
      this.fifo.add(-this.releaseBytes.shift(), t);
    }
  }

  /** A frame arrived from the wire. */
  arrive(frame: EthernetFrame, now: Nanoseconds): void {
    this.settle(now);
    const bytes = frameWireBytes(frame);
    if (this.fifo.value + bytes > this.fifoBytes) {
      const reason: RxDropReason = this.waiting ? 'ringEmpty' : 'fifoOverflow';
      this.drops[reason]++;
      this.onDrop(frame, reason, now);
      return;
    }
    this.fifo.add(bytes, now);
    this.queue.push(frame);
    const flow = this.flow;
    if (flow !== null && !this.xoff && this.fifo.value >= flow.highWaterBytes) this.sendXoff(now);
    if (!this.waiting) this.drain(now);
  }

  /** The handler takes a descriptor for a frame going to the host; false when there is none. */
  takeDescriptor(now: Nanoseconds): boolean {
    if (this.free === 0) return false;
    this.free--;
    this.ringHeld.add(1, now);
    return true;
  }

  /** The driver gave `n` descriptors back (refilled buffers, RDT written). */
  giveDescriptors(n: number, now: Nanoseconds): void {
    this.free += n;
    this.ringHeld.add(-n, now);
    if (this.waiting) {
      this.waiting = false;
      this.drain(now);
    }
  }

  /** Hands the queued frames on, in order, until one has to wait for a descriptor. */
  private drain(now: Nanoseconds): void {
    for (let frame = this.queue.peek(); frame !== undefined; frame = this.queue.peek()) {
      if (!this.nic.rxHandler(this.port, frame, now, this.timing)) {
        this.waiting = true;
        return;
      }
      this.queue.shift();
      const bytes = frameWireBytes(frame);
      const at = Math.max(now, this.timing.releaseAt);
      if (this.releaser !== null) this.releaser.push(bytes, at);
      else {
        this.releaseAt.push(at);
        this.releaseBytes.push(bytes);
      }
    }
  }

  private freeBytes(bytes: number, now: Nanoseconds): void {
    this.fifo.add(-bytes, now);
    const flow = this.flow;
    if (flow !== null && this.xoff && this.fifo.value <= flow.lowWaterBytes) {
      this.xoff = false;
      this.xonSent++;
      this.refresh!.cancel();
      flow.send(0);
    }
  }

  private sendXoff(now: Nanoseconds): void {
    const flow = this.flow!;
    this.xoff = true;
    this.xoffSent++;
    flow.send(flow.quanta);
    // Refresh before the pause runs out (half its length), as the 8254x's FCRTV does.
    const pauseNs = Math.round((flow.quanta * 512 * 1000) / this.nic.links[this.port]!.mbps);
    this.refresh!.arm(now + Math.max(1, Math.floor(pauseNs / 2)));
  }

  private refreshXoff(now: Nanoseconds): void {
    if (this.xoff) {
      this.xoff = false;
      this.sendXoff(now);
    }
  }
}
