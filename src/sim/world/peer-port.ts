import type { Clock } from '../core/fluid-calendar.ts';
import type { LinkChannel } from '../link/link.ts';
import { QueueGauge } from '../metrics/queue-gauge.ts';
import type { NetDevice } from '../net/ip-layer.ts';
import type { TxListener } from '../net/tx-listener.ts';
import type { EthernetFrame } from '../wire/types.ts';

/**
 * A link peer's way onto its wire: its qdisc and its NIC's descriptor ring, as one FIFO
 * of `limit` frames (txqueuelen of profile `linux` plus the ring) in front of the MAC.
 * The peer's costs are not modelled, but its queue is: its ACKs wait behind its data as
 * on a real host, and a frame that finds the queue full is refused (NET_XMIT_DROP), so the
 * peer's TCP enters CWR.
 */
export class PeerPort implements NetDevice {
  /** Frames handed to the wire and not yet sent. */
  readonly depth: QueueGauge;
  /** Frames refused because the queue was full. */
  drops = 0;
  /** Told of every refusal (the event log). */
  onDrop: () => void = () => {};
  /** Told of every frame it takes and frees once it has left (TSQ, UDP's send buffer). */
  readonly txListeners: TxListener[] = [];
  /** Numbers from the start (see core/time.ts). */
  readonly limit: number = 0;
  private readonly owner: number = 0;

  constructor(
    private readonly channel: LinkChannel,
    limit: number,
    private readonly clock: Clock,
  ) {
    this.limit = limit;
    this.depth = new QueueGauge(limit);
    this.owner = channel.addFeeder((frame, now) => {
      this.depth.add(-1, now);
      const listeners = this.txListeners;
      for (let l = 0; l < listeners.length; l++) listeners[l]!.freed(frame);
    });
  }

  transmit(frame: EthernetFrame): boolean {
    if (this.depth.value >= this.limit) {
      this.drops++;
      this.onDrop();
      return false;
    }
    this.depth.add(1, this.clock.now);
    const listeners = this.txListeners;
    for (let l = 0; l < listeners.length; l++) listeners[l]!.queued(frame);
    this.channel.transmitFrom(this.owner, frame);
    return true;
  }
}
