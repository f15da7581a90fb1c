import type { Nanoseconds } from '../core/time.ts';
import { attachCapture } from '../world/capture.ts';
import { SessionReplay, type FiredEvent } from './replay.ts';
import type { Scenario } from '../scenario/schema.ts';

/** A pcap larger than this is refused: it is held in memory (a worker's, in the browser). */
export const EXPORT_PCAP_LIMIT_BYTES = 512 * 1024 * 1024;

/** A growable byte array: the capture appends records without keeping one object per frame. */
class ByteBuffer {
  private data = new Uint8Array(1 << 16);
  private length = 0;
  overflowed = false;

  constructor(private readonly limit: number) {}

  write(chunk: Uint8Array): void {
    if (this.overflowed) return;
    const end = this.length + chunk.length;
    if (end > this.limit) {
      this.overflowed = true;
      return;
    }
    if (end > this.data.length) {
      const grown = new Uint8Array(Math.min(this.limit, Math.max(end, this.data.length * 2)));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(chunk, this.length);
    this.length = end;
  }

  /**
   * The bytes written: a view on the buffer, not a copy (a file near the limit would
   * otherwise need twice the memory); transfer or copy it, and write no more.
   */
  bytes(): Uint8Array {
    return this.data.subarray(0, this.length);
  }

  get size(): number {
    return this.length;
  }
}

export interface PcapExportOptions {
  /** Bytes kept of each frame (the original length is recorded); default whole frames. */
  snaplen?: number;
  limitBytes?: number;
}

/**
 * One port's pcap of a live session from t = 0 to `untilNs`, built by replaying it
 * (SessionReplay) with a capture at that port: the same frames, the same bytes, the same
 * frame numbers as the packet list — and the same file every time for the same history.
 */
export class PcapExport {
  private readonly replay: SessionReplay;
  private readonly buffer: ByteBuffer;
  private readonly limitBytes: number;

  constructor(
    scenario: Scenario,
    fired: readonly FiredEvent[],
    untilNs: Nanoseconds,
    untilEvents: number,
    readonly port: number,
    options: PcapExportOptions = {},
  ) {
    if (!Number.isInteger(port) || port < 0 || port >= scenario.nic.ports) {
      throw new RangeError(`no port ${port}: this scenario has ports 0–${scenario.nic.ports - 1}`);
    }
    this.limitBytes = options.limitBytes ?? EXPORT_PCAP_LIMIT_BYTES;
    const buffer = new ByteBuffer(this.limitBytes);
    this.buffer = buffer;
    this.replay = new SessionReplay(scenario, fired, untilNs, untilEvents, (world) => {
      attachCapture(world, {
        ...(options.snaplen === undefined ? {} : { snaplen: options.snaplen }),
        ports: [port],
        sinkForPort: () => ({ write: (chunk) => buffer.write(chunk), close: () => {} }),
      });
    });
  }

  get nowNs(): Nanoseconds {
    return this.replay.nowNs;
  }

  get untilNs(): Nanoseconds {
    return this.replay.untilNs;
  }

  /** Finished, or stopped because the file would pass the size limit. */
  get done(): boolean {
    return this.replay.done || this.buffer.overflowed;
  }

  /** Why there is no file, or null. */
  get error(): string | null {
    if (!this.buffer.overflowed) return null;
    const mb = Math.round(this.limitBytes / 2 ** 20);
    return (
      `the capture of port ${this.port} passed ${mb} MB at ${(this.nowNs / 1e9).toFixed(3)} s of ` +
      `simulated time; export an earlier moment, or run the scenario with the command line ` +
      `(npx offload-lab run SCENARIO --duration-ms N --pcap DIR), which streams to disk`
    );
  }

  get sizeBytes(): number {
    return this.buffer.size;
  }

  advance(maxNs: Nanoseconds): void {
    if (!this.done) this.replay.advance(maxNs);
  }

  /** The file (call when done without an error): a view that may be transferred. */
  bytes(): Uint8Array {
    if (!this.replay.done || this.buffer.overflowed) throw new Error('the pcap is not ready');
    return this.buffer.bytes();
  }
}
