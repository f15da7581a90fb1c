import { PcapWriter } from '../metrics/pcap.ts';
import { serializeFrame } from '../wire/serialize.ts';
import type { EthernetFrame } from '../wire/types.ts';
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
 * Where each port meets its wire (DESIGN.md §6): the port's own frames as they leave (so a
 * frame later lost is seen), the peer's as they arrive (a frame lost on the way is not).
 * `onFrame` sees every such frame of the chosen ports, in time order per port.
 */
export function tapPorts(
  world: World,
  onFrame: (port: number, timeNs: number, frame: EthernetFrame) => void,
  ports?: readonly number[],
): void {
  world.links.forEach((link, port) => {
    if (ports && !ports.includes(port)) return;
    link.onDepart((direction, now, frame) => {
      if (direction === 'tx') onFrame(port, now, frame);
    });
    link.onArrive((direction, now, frame) => {
      if (direction === 'rx') onFrame(port, now, frame);
    });
  });
}

/** A tcpdump at each port, at the tap above: one pcap per port through its sink. */
export function attachCapture(world: World, options: CaptureOptions): () => void {
  const sinks: PcapSink[] = [];
  const writers: PcapWriter[] = [];
  world.links.forEach((_link, port) => {
    if (options.ports && !options.ports.includes(port)) return;
    const sink = options.sinkForPort(port);
    sinks.push(sink);
    writers[port] = new PcapWriter(
      options.snaplen === undefined
        ? { write: (c) => sink.write(c) }
        : { write: (c) => sink.write(c), snaplen: options.snaplen },
    );
  });
  tapPorts(
    world,
    (port, now, frame) => writers[port]!.add(now, serializeFrame(frame)),
    options.ports,
  );
  return () => sinks.forEach((s) => s.close());
}
