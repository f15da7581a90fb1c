import type { World } from './world.ts';

/** What a drop reason is, in the log's words. */
const WHY = {
  qdisc: 'the host’s qdisc was full (NET_XMIT_DROP: TCP enters CWR)',
  fifoOverflow: 'the card’s receive FIFO was full (DMA or the card engine fell behind)',
  ringEmpty:
    'the card’s receive FIFO was full behind a frame waiting for a host buffer (the host fell behind)',
  peerQueue: 'the link peer’s transmit queue was full',
} as const;

type Reason = keyof typeof WHY;

/**
 * Puts drops in the event log without flooding it: per port and reason, the 1st, 10th,
 * 100th, … drop is logged with the count so far (the results carry exact counts).
 */
export class DropLog {
  private readonly counts = new Map<string, number>();

  constructor(private readonly world: World) {
    world.nic.rx.forEach((rx, port) => {
      rx.onDrop = (_frame, reason) => this.count(port, reason);
      world.architecture.driver.qdisc(port).onDrop = () => this.count(port, 'qdisc');
      world.peerPorts[port]!.onDrop = () => this.count(port, 'peerQueue');
    });
  }

  /** Counts one drop of `reason` on `port`, logging it at each power of ten. */
  count(port: number, reason: Reason): void {
    const key = `${port}/${reason}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (/^10*$/.test(String(n))) {
      const frames = n === 1 ? 'first frame dropped' : `${n} frames dropped`;
      this.world.logEvent('drop', port, `port ${port}: ${frames}: ${WHY[reason]}`);
    }
  }
}
