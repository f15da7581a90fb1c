import { PcapWriter } from '../metrics/pcap.ts';
import { serializeFrame } from '../wire/serialize.ts';
import type { World } from './world.ts';

export interface PcapSink {
  write(chunk: Uint8Array): void;
  close(): void;
}

export interface CaptureOptions {
  snaplen?: number;
  /** Capture only these ports (default: every port). */
  ports?: readonly number[];
  sinkForPort(port: number): PcapSink;
}

/**
 * A tcpdump at each port, where the port meets its wire (DESIGN.md §6): the port's own
 * frames as they leave (so a frame later lost is in the file), the peer's as they arrive
 * (a frame lost on the way is not).
 */
export function attachCapture(world: World, options: CaptureOptions): () => void {
  const sinks: PcapSink[] = [];
  world.links.forEach((link, port) => {
    if (options.ports && !options.ports.includes(port)) return;
    const sink = options.sinkForPort(port);
    sinks.push(sink);
    const writer = new PcapWriter(
      options.snaplen === undefined
        ? { write: (c) => sink.write(c) }
        : { write: (c) => sink.write(c), snaplen: options.snaplen },
    );
    link.onDepart((direction, now, frame) => {
      if (direction === 'tx') writer.add(now, serializeFrame(frame));
    });
    link.onArrive((direction, now, frame) => {
      if (direction === 'rx') writer.add(now, serializeFrame(frame));
    });
  });
  return () => sinks.forEach((s) => s.close());
}
