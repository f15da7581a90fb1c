import { fmt } from '../theme.ts';

/** The queues a frame passes on a port, as the results name them. */
export type QueueId =
  | 'qdiscPackets'
  | 'txRingDescriptors'
  | 'txFifoBytes'
  | 'rxFifoBytes'
  | 'rxRingDescriptors'
  | 'peerQueueFrames';

export interface QueueReading {
  /** Mean depth (packets, descriptors, bytes or frames); null = nothing measured. */
  mean: number | null;
  /** What the queue can hold; null = unbounded. */
  capacity: number | null;
}

export type PortQueueReadings = Readonly<Record<QueueId, QueueReading>>;

/**
 * Each queue's name on the diagram and where it sits: under the stage it belongs to (the
 * driver's qdisc and rings; the card's FIFOs, across the card's two stages; the peer's).
 */
export const QUEUES: readonly {
  id: QueueId;
  label: string;
  stage: number;
  stages: number;
  bytes: boolean;
}[] = [
  { id: 'qdiscPackets', label: 'qdisc', stage: 3, stages: 1, bytes: false },
  { id: 'txRingDescriptors', label: 'TX ring', stage: 3, stages: 1, bytes: false },
  { id: 'rxRingDescriptors', label: 'RX ring', stage: 3, stages: 1, bytes: false },
  { id: 'txFifoBytes', label: 'TX FIFO', stage: 5, stages: 2, bytes: true },
  { id: 'rxFifoBytes', label: 'RX FIFO', stage: 5, stages: 2, bytes: true },
  { id: 'peerQueueFrames', label: 'peer queue', stage: 7, stages: 1, bytes: false },
];

/**
 * The deepest port's reading of each queue (by mean fill of its capacity, else by mean),
 * with the port it was found on.
 */
export function deepestQueues(
  ports: readonly PortQueueReadings[],
): Record<QueueId, QueueReading & { port: number }> | null {
  if (ports.length === 0) return null;
  const out = {} as Record<QueueId, QueueReading & { port: number }>;
  for (const { id } of QUEUES) {
    let best = { ...ports[0]![id], port: 0 };
    ports.forEach((p, port) => {
      const r = p[id];
      const fill = (q: QueueReading) =>
        q.mean === null ? -1 : q.capacity ? q.mean / q.capacity : q.mean;
      if (fill(r) > fill(best)) best = { ...r, port };
    });
    out[id] = best;
  }
  return out;
}

/** A queue's mean and capacity in its unit: "49 / 255", "8.64 kB / 16.4 kB"; "—" unmeasured. */
export function queueText(reading: QueueReading, bytes: boolean): string {
  const n = (v: number) => (bytes ? fmt.bytes(v) : fmt.count(v));
  if (reading.mean === null) return '—';
  return reading.capacity === null
    ? n(reading.mean)
    : `${n(reading.mean)} / ${n(reading.capacity)}`;
}
