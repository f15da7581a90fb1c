import { Fifo } from '../core/fifo.ts';
import type { Nanoseconds } from '../core/time.ts';
import { QueueGauge } from '../metrics/queue-gauge.ts';

/**
 * A device's queueing discipline as Linux 2.4 sets it up: pfifo_fast, where all TCP
 * traffic shares one band, so a FIFO of `limit` packets (the interface's txqueuelen:
 * 100 in 2.4, 1000 since 2.6). It holds the packets the driver could not take because
 * its descriptor ring was full (netif_stop_queue); a packet that finds it full is dropped
 * and the sender told (NET_XMIT_DROP).
 */
export class Qdisc<P> {
  readonly gauge: QueueGauge;
  /** Packets refused because the queue was full. */
  drops = 0;
  /** Told of every refusal (the event log). */
  onDrop: () => void = () => {};
  private readonly fifo = new Fifo<P>();
  /** A number from the start (see core/time.ts). */
  readonly limit: number = 0;

  constructor(limit: number) {
    if (!(Number.isInteger(limit) && limit >= 0)) {
      throw new RangeError(`qdisc: limit must be a whole number ≥ 0 (got ${limit})`);
    }
    this.limit = limit;
    this.gauge = new QueueGauge(limit);
  }

  get length(): number {
    return this.fifo.length;
  }

  /** Queues `packet`; false (and counted) when the queue already holds `limit`. */
  enqueue(packet: P, now: Nanoseconds): boolean {
    if (this.fifo.length >= this.limit) {
      this.refuse();
      return false;
    }
    this.fifo.push(packet);
    this.gauge.set(this.fifo.length, now);
    return true;
  }

  /** A packet was refused for this queue (full, or no room ahead of it): counted and told. */
  refuse(): void {
    this.drops++;
    this.onDrop();
  }

  peek(): P | undefined {
    return this.fifo.peek();
  }

  dequeue(now: Nanoseconds): P | undefined {
    const packet = this.fifo.shift();
    if (packet !== undefined) this.gauge.set(this.fifo.length, now);
    return packet;
  }
}
