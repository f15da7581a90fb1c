import { DelayLine } from '../core/delay-line.ts';
import { Fifo } from '../core/fifo.ts';
import type { Timer } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';
import { QueueGauge } from '../metrics/queue-gauge.ts';
import { frameWireBytes } from '../wire/size.ts';
import type { EthernetFrame } from '../wire/types.ts';
import type { Nic } from './nic.ts';

/** Why the card dropped a frame it received (8254x "missed packets", MPC). */
export type RxDropReason = 'fifoOverflow' | 'ringEmpty';

/** When the frame the handler took frees the FIFO, and when the next can be taken. */
export interface RxTiming {
  /** Its bytes leave the FIFO (its DMA to the host, or the card engine, is done). */
  releaseAt: Nanoseconds;
  /** The card can start on the next frame (its engine or DMA engine is free). */
  nextAt: Nanoseconds;
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

/**
 * A port's receive side on the card: the frames from the wire wait in the on-card
 * receive FIFO (8254x: 48 KB of its 64 KB packet buffer) until the card moves them on —
 * by DMA into a host buffer the driver posted in the receive descriptor ring, or into
 * the card's own engine. A frame that finds the FIFO full is dropped ("missed"): counted
 * as `ringEmpty` when the FIFO is full because its head waits for a descriptor (the host
 * fell behind), else `fifoOverflow` (DMA or the engine fell behind).
 */
export class RxPort {
  /** Bytes in the receive FIFO. */
  readonly fifo = new QueueGauge();
  /** Descriptors the card has filled and the driver has not yet given back. */
  readonly ringHeld = new QueueGauge();
  readonly drops: Record<RxDropReason, number> = { fifoOverflow: 0, ringEmpty: 0 };
  /** Receive descriptors the driver has handed to the card and the card has not used. */
  private free: number;
  private readonly queue = new Fifo<EthernetFrame>();
  /** The head waits for a descriptor. */
  private waiting = false;
  /** The card is busy with the frame it took last, until the `next` timer. */
  private busy = false;
  private readonly next: Timer;
  private readonly release: DelayLine<number>;
  private readonly timing: RxTiming = { releaseAt: 0, nextAt: 0 };
  /** Told of every frame dropped here, for the event log and the frame list. */
  onDrop: (frame: EthernetFrame, reason: RxDropReason, now: Nanoseconds) => void = () => {};

  constructor(
    private readonly nic: Nic,
    readonly port: number,
    readonly fifoBytes: number,
    descriptors: number,
  ) {
    this.free = descriptors;
    const s = nic.scheduler;
    this.next = s.timer(`nic.port${port}.rx-next`, (now) => {
      this.busy = false;
      this.take(now);
    });
    this.release = new DelayLine(s, `nic.port${port}.rx-release`, (bytes, now) =>
      this.fifo.add(-bytes, now),
    );
  }

  /** Descriptors the card can still fill. */
  get descriptors(): number {
    return this.free;
  }

  /** A frame arrived from the wire. */
  arrive(frame: EthernetFrame, now: Nanoseconds): void {
    const bytes = frameWireBytes(frame);
    if (this.fifo.value + bytes > this.fifoBytes) {
      const reason: RxDropReason = this.waiting ? 'ringEmpty' : 'fifoOverflow';
      this.drops[reason]++;
      this.onDrop(frame, reason, now);
      return;
    }
    this.fifo.add(bytes, now);
    this.queue.push(frame);
    if (!this.busy && !this.waiting) this.take(now);
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
      this.take(now);
    }
  }

  private take(now: Nanoseconds): void {
    if (this.busy || this.waiting) return;
    const frame = this.queue.peek();
    if (frame === undefined) return;
    if (!this.nic.rxHandler(this.port, frame, now, this.timing)) {
      this.waiting = true;
      return;
    }
    this.queue.shift();
    this.release.push(frameWireBytes(frame), this.timing.releaseAt);
    this.busy = true;
    this.next.arm(Math.max(now, this.timing.nextAt));
  }
}
