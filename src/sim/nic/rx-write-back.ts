import type { Timer } from '../core/scheduler.ts';
import { FRACTIONAL, type Nanoseconds } from '../core/time.ts';
import type { EthernetFrame } from '../wire/types.ts';
import type { Nic } from './nic.ts';

/** How a received frame reached host memory: whole, or its headers only (header/data split). */
export type RxKind = 'frame' | 'header';

/** The host's driver: it learns of a received frame when its descriptor is written back at `at`. */
export interface RxSink {
  received(port: number, frame: EthernetFrame, at: Nanoseconds, kind: RxKind): void;
}

interface Held {
  frame: EthernetFrame;
  sink: RxSink;
  kind: RxKind;
}

/**
 * A port's receive descriptor write-back (8254x / 82597 RXDCTL.WTHRESH): the card writes
 * the descriptors of frames it placed in host memory back in batches of `rxWriteBackBatch`,
 * one burst of `rxDescriptorBytes` each; a partial batch goes when the receive delay timer
 * (`rxWriteBackDelayNs` after the last frame, RDTR) runs out. The host sees a frame only
 * once its descriptor is written back. With a batch of one, each descriptor goes at once.
 */
export class RxWriteBack {
  private held: Held[] = [];
  /** When the latest held frame is in memory (a write-back cannot go before). */
  private latest = 0;
  private readonly timer: Timer;

  constructor(
    private readonly nic: Nic,
    readonly port: number,
  ) {
    this.timer = nic.scheduler.timer(`nic.port${port}.rx-write-back`, (now) => this.flush(now));
    // A double from the start (see FRACTIONAL).
    this.latest = FRACTIONAL;
    this.latest = 0;
  }

  /** The frame (or its headers) is in host memory at `inMemory`. */
  add(frame: EthernetFrame, inMemory: Nanoseconds, sink: RxSink, kind: RxKind): void {
    const { costs } = this.nic;
    if (costs.rxWriteBackBatch === 1) {
      sink.received(this.port, frame, this.write(inMemory, 1), kind);
      return;
    }
    this.held.push({ frame, sink, kind });
    this.latest = Math.max(this.latest, inMemory);
    if (this.held.length >= costs.rxWriteBackBatch) this.flush(this.latest);
    else this.timer.arm(inMemory + costs.rxWriteBackDelayNs);
  }

  private flush(at: Nanoseconds): void {
    this.timer.cancel();
    const held = this.held;
    if (held.length === 0) return;
    this.held = [];
    const done = this.write(Math.max(at, this.latest), held.length);
    for (const h of held) h.sink.received(this.port, h.frame, done, h.kind);
  }

  /** One burst of `n` descriptors from `at`; returns when it is in memory. */
  private write(at: Nanoseconds, n: number): Nanoseconds {
    const { pci, costs } = this.nic;
    return pci.dmaWrite(
      at,
      this.nic.deviceFor(this.port),
      n * costs.rxDescriptorBytes,
      'descriptor',
    );
  }
}
