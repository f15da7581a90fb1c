import type { Scheduler, Timer } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';
import {
  PortByteCounters,
  type WorkloadConnection,
  type WorkloadPortBytes,
  type WorkloadResult,
  type WorkloadRun,
} from '../metrics/workload-results.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { UdpSocket } from '../udp/socket.ts';
import { MAX_WRITE_BYTES, StreamSource, type PayloadPattern } from './stream.ts';

/** The UDP ports a flow uses: the local host's ephemeral one, the peer's service. */
export const UDP_LOCAL_PORT_BASE = 32_768;
export const UDP_SERVICE_PORT = 5001;

/** What a UDP workload needs of the world: connected socket pairs, and ARP to settle first. */
export interface UdpFlowOpener {
  openFlow(
    port: number,
    localPort: number,
    peerPort: number,
  ): { local: UdpSocket; peer: UdpSocket };
  whenResolved(port: number, from: 'local' | 'peer', start: () => void): void;
}

export interface UdpWorkloadSetup {
  scenario: Scenario;
  pattern: PayloadPattern;
  scheduler: Scheduler;
  udp: UdpFlowOpener;
  ports: number;
}

/**
 * Datagrams of one flow, checked at the receiver: each datagram's payload is a view of
 * the sender's stream, numbered as it was sent, so the receiver can tell a datagram that
 * arrives twice or out of order (UDP promises neither) from one that is merely missing.
 */
export class DatagramOrder {
  private readonly numbers = new WeakMap<Uint8Array, number>();
  private next = 0;
  private last = -1;
  /** Datagrams that arrived unknown, again, or before one sent earlier. */
  misordered = 0;

  stamp(payload: Uint8Array): void {
    this.numbers.set(payload, this.next++);
  }

  check(payload: Uint8Array): void {
    const n = this.numbers.get(payload);
    if (n === undefined || n <= this.last) this.misordered++;
    else this.last = n;
  }
}

/**
 * One UDP_STREAM flow: the sender writes `messageBytes` datagrams of its stream as fast as
 * its socket takes them (blocking when its send buffer is full), or one every
 * messageBytes × 8 / rateMbps µs; the receiver reads each as it comes.
 */
class StreamFlow {
  readonly order = new DatagramOrder();
  private readonly pacer: Timer | null;
  private stopped = false;
  /** A paced datagram that found the send buffer full waits for it. */
  private waiting = false;
  /** Payload the receiving application read, whole run. */
  deliveredBytes = 0;
  /** When the pacer's next slot opens (exact ns; a slot may be shorter than 1 ns). */
  private nextSlot = 0;

  constructor(
    readonly id: number,
    readonly port: number,
    readonly direction: 'tx' | 'rx',
    readonly sender: UdpSocket,
    readonly receiver: UdpSocket,
    readonly source: StreamSource,
    private readonly size: number,
    private readonly limit: number | null,
    private readonly intervalNs: number | null,
    private readonly scheduler: Scheduler,
    onDelivered: (flow: StreamFlow, bytes: number) => void,
  ) {
    sender.onWritable = () => this.pump();
    receiver.onDatagram = (d) => {
      this.order.check(d.payload);
      this.deliveredBytes += d.payload.length;
      onDelivered(this, d.payload.length);
    };
    this.pacer =
      intervalNs === null ? null : scheduler.timer(`udp.flow${id}.pace`, (now) => this.tick(now));
  }

  start(now: Nanoseconds): void {
    if (this.pacer === null) {
      this.pump();
    } else {
      this.nextSlot = now;
      this.tick(now);
    }
  }

  private sendOne(): boolean {
    const size = Math.min(this.size, this.budget());
    if (size <= 0) {
      this.stopped = true;
      return false;
    }
    const payload = this.source.peek(size);
    if (!this.sender.send(payload)) return false;
    this.order.stamp(payload);
    this.source.advance(size);
    return true;
  }

  private budget(): number {
    return this.limit === null ? this.size : this.limit - this.source.written;
  }

  private pump(): void {
    if (this.stopped) return;
    if (this.pacer !== null) {
      if (this.waiting && this.sendOne()) {
        // The datagram that waited is taken: the pacer wakes at the next slot from now.
        this.waiting = false;
        const now = this.scheduler.now;
        if (this.nextSlot <= now) {
          const interval = this.intervalNs!;
          this.nextSlot += (Math.floor((now - this.nextSlot) / interval) + 1) * interval;
        }
        this.pacer.arm(Math.max(now + 1, Math.ceil(this.nextSlot)));
      }
      return;
    }
    while (this.sendOne());
  }

  /**
   * One datagram per slot of messageBytes × 8 / rateMbps: every slot opened by `now` (more
   * than one when a slot is under a nanosecond); a paced sender whose last datagram still
   * waits for buffer space skips its slots.
   */
  private tick(now: Nanoseconds): void {
    if (this.stopped) return;
    const interval = this.intervalNs!;
    let slots = Math.floor((now - this.nextSlot) / interval) + 1;
    this.nextSlot += slots * interval;
    while (slots-- > 0 && !this.waiting && !this.stopped) {
      if (!this.sendOne() && !this.stopped) this.waiting = true;
    }
    // A datagram waiting for buffer space: `pump` re-arms when the socket takes it.
    if (!this.stopped && !this.waiting) {
      this.pacer!.arm(Math.max(now + 1, Math.ceil(this.nextSlot)));
    }
  }
}

class UdpStreamRun implements WorkloadRun {
  readonly kind = 'udp-stream';
  readonly flows: StreamFlow[] = [];
  readonly bytes: PortByteCounters;
  private datagramsAtHalf = 0;
  private datagrams = 0;

  constructor(ports: number) {
    this.bytes = new PortByteCounters(ports);
  }

  readonly delivered = (flow: StreamFlow, bytes: number): void => {
    this.datagrams++;
    (flow.direction === 'tx' ? this.bytes.tx : this.bytes.rx)[flow.port]! += bytes;
  };

  markHalf(): void {
    this.datagramsAtHalf = this.datagrams;
    this.bytes.markHalf();
  }

  summarize(): WorkloadResult {
    return {
      kind: this.kind,
      latencyUs: null,
      completed: this.datagrams - this.datagramsAtHalf,
      failed: 0,
      streamIntact: this.flows.every((f) => f.order.misordered === 0),
    };
  }

  portBytes(): WorkloadPortBytes[] {
    return this.bytes.measured();
  }

  connections(): WorkloadConnection[] {
    return this.flows.map((f) => {
      return {
        id: f.id,
        port: f.port,
        direction: f.direction,
        // One stream per flow: its bytes as requests, none as responses.
        requestBytesWritten: f.source.written,
        requestBytesDelivered: f.deliveredBytes,
        responseBytesWritten: 0,
        responseBytesDelivered: 0,
        completed: 0,
        failed: 0,
        streamIntact: f.order.misordered === 0,
        retransmits: 0,
        timeouts: 0,
        // A connected UDP socket: Linux's udp_connect sets sk->state = TCP_ESTABLISHED.
        state: 'ESTABLISHED',
      };
    });
  }
}

/**
 * netperf UDP_STREAM: `connectionsPerPort` flows per port; with `direction: send` the local
 * host sends and each peer receives, with `receive` the reverse. A flow starts once its
 * sender's ARP entry is resolved; `bytesPerConnection` stops it after that many bytes.
 */
export function startUdpStream(setup: UdpWorkloadSetup): WorkloadRun {
  const { scenario, pattern, scheduler, udp, ports } = setup;
  const w = scenario.workload;
  const size = Math.min(w.messageBytes, MAX_WRITE_BYTES);
  // Exact, not rounded: at 1-byte datagrams and 100 Gbit/s a slot is 0.08 ns.
  const intervalNs = w.rateMbps === null ? null : (size * 8 * 1000) / w.rateMbps;
  const run = new UdpStreamRun(ports);
  const direction = w.direction === 'send' ? 'tx' : 'rx';
  for (let port = 0; port < ports; port++) {
    for (let c = 0; c < w.connectionsPerPort; c++) {
      const id = run.flows.length;
      const { local, peer } = udp.openFlow(port, UDP_LOCAL_PORT_BASE + id, UDP_SERVICE_PORT + c);
      const [sender, receiver] = direction === 'tx' ? [local, peer] : [peer, local];
      const source = new StreamSource(pattern, id);
      const flow = new StreamFlow(
        id,
        port,
        direction,
        sender,
        receiver,
        source,
        size,
        w.bytesPerConnection,
        intervalNs,
        scheduler,
        run.delivered,
      );
      run.flows.push(flow);
      udp.whenResolved(port, direction === 'tx' ? 'local' : 'peer', () =>
        flow.start(scheduler.now),
      );
    }
  }
  return run;
}
