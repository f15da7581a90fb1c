import type { Nanoseconds } from '../core/time.ts';
import {
  LatencyHistogram,
  PortByteCounters,
  latencySummary,
  ratePerSecond,
  type WorkloadConnection,
  type WorkloadPortBytes,
  type WorkloadResult,
  type WorkloadRun,
} from '../metrics/workload-results.ts';
import type { UdpSocket } from '../udp/socket.ts';
import { StreamSource } from './stream.ts';
import {
  DatagramOrder,
  UDP_LOCAL_PORT_BASE,
  UDP_SERVICE_PORT,
  type UdpWorkloadSetup,
} from './udp-stream.ts';

/**
 * One UDP_RR flow: the client (local host) sends a `requestBytes` datagram, the server
 * (the peer) answers each with a `responseBytes` datagram, and the client sends the next
 * request when the response arrives. As netperf's UDP_RR, nothing is retransmitted: a
 * lost request or response stops the flow for the rest of the run (counted as failed).
 */
class RrFlow {
  readonly requestOrder = new DatagramOrder();
  readonly responseOrder = new DatagramOrder();
  sentAt: Nanoseconds = 0;
  completed = 0;
  requestBytesDelivered = 0;
  responseBytesDelivered = 0;
  /** A datagram of this flow was lost: it waits forever. */
  lost = false;
  /** The client's next request found its send buffer full (it waits for room). */
  private pending = false;
  /** The server's response found its queue full (a peer waits for room: UdpStack.deviceTakes). */
  private responsePending = false;

  constructor(
    readonly id: number,
    readonly port: number,
    readonly client: UdpSocket,
    readonly server: UdpSocket,
    readonly requests: StreamSource,
    readonly responses: StreamSource,
    private readonly run: UdpRrRun,
  ) {
    client.onWritable = () => {
      if (this.pending) this.request();
    };
    server.onWritable = () => {
      if (this.responsePending) this.respond();
    };
    server.onDatagram = (d) => {
      this.requestOrder.check(d.payload);
      this.requestBytesDelivered += d.payload.length;
      run.bytes.tx[port]! += d.payload.length;
      this.respond();
    };
    client.onDatagram = (d) => {
      this.responseOrder.check(d.payload);
      this.responseBytesDelivered += d.payload.length;
      run.bytes.rx[port]! += d.payload.length;
      this.completed++;
      run.completedOne(this);
      this.request();
    };
  }

  request(): void {
    const payload = this.requests.peek(this.run.requestBytes);
    this.pending = !this.client.send(payload);
    if (this.pending) return;
    this.run.own(payload, this);
    this.requestOrder.stamp(payload);
    this.requests.advance(payload.length);
    this.sentAt = this.run.now();
  }

  private respond(): void {
    const payload = this.responses.peek(this.run.responseBytes);
    // The server holds one response at a time, so its send buffer has room; a peer's queue
    // shared by many flows may not, and the response waits for it.
    this.responsePending = !this.server.send(payload);
    if (this.responsePending) return;
    this.run.own(payload, this);
    this.responseOrder.stamp(payload);
    this.responses.advance(payload.length);
  }
}

class UdpRrRun implements WorkloadRun {
  readonly kind = 'udp-rr';
  readonly flows: RrFlow[] = [];
  readonly bytes: PortByteCounters;
  private readonly latency = new LatencyHistogram();
  private readonly owners = new WeakMap<Uint8Array, RrFlow>();
  private completed = 0;
  private halfAt: Nanoseconds = 0;

  constructor(
    private readonly setup: UdpWorkloadSetup,
    readonly requestBytes: number,
    readonly responseBytes: number,
  ) {
    this.bytes = new PortByteCounters(setup.ports);
  }

  now(): Nanoseconds {
    return this.setup.scheduler.now;
  }

  /** Remembers whose datagram a payload is, so a loss stops the right flow. */
  own(payload: Uint8Array, flow: RrFlow): void {
    this.owners.set(payload, flow);
  }

  lost(payload: Uint8Array): void {
    const flow = this.owners.get(payload);
    if (flow !== undefined) flow.lost = true;
  }

  completedOne(flow: RrFlow): void {
    this.latency.record(this.now() - flow.sentAt);
    this.completed++;
  }

  markHalf(now: Nanoseconds): void {
    this.halfAt = now;
    this.completed = 0;
    this.latency.reset();
    this.bytes.markHalf();
  }

  summarize(now: Nanoseconds): WorkloadResult {
    return {
      kind: this.kind,
      transactionsPerSecond: ratePerSecond(this.completed, this.halfAt, now),
      latencyUs: latencySummary(this.latency),
      completed: this.completed,
      failed: this.flows.filter((f) => f.lost).length,
      streamIntact: this.flows.every((f) => intact(f)),
    };
  }

  portBytes(): WorkloadPortBytes[] {
    return this.bytes.measured();
  }

  connections(): WorkloadConnection[] {
    return this.flows.map((f) => ({
      id: f.id,
      port: f.port,
      requestBytesWritten: f.requests.written,
      requestBytesDelivered: f.requestBytesDelivered,
      responseBytesWritten: f.responses.written,
      responseBytesDelivered: f.responseBytesDelivered,
      completed: f.completed,
      failed: f.lost ? 1 : 0,
      streamIntact: intact(f),
      retransmits: 0,
      timeouts: 0,
      // A connected UDP socket: Linux's udp_connect sets sk->state = TCP_ESTABLISHED.
      state: 'ESTABLISHED',
    }));
  }
}

function intact(f: RrFlow): boolean {
  return f.requestOrder.misordered === 0 && f.responseOrder.misordered === 0;
}

/**
 * netperf UDP_RR: `connectionsPerPort` flows per port from the local host to each peer,
 * one transaction outstanding per flow, latency from the request's send to the response's
 * delivery. `onLoss` is how the world tells the run a datagram was lost.
 */
export function startUdpRr(setup: UdpWorkloadSetup): {
  run: WorkloadRun;
  onLoss: (payload: Uint8Array) => void;
} {
  const { scenario, pattern, udp, ports } = setup;
  const w = scenario.workload;
  const run = new UdpRrRun(setup, w.requestBytes, w.responseBytes);
  for (let port = 0; port < ports; port++) {
    for (let c = 0; c < w.connectionsPerPort; c++) {
      const id = run.flows.length;
      const { local, peer } = udp.openFlow(port, UDP_LOCAL_PORT_BASE + id, UDP_SERVICE_PORT + c);
      const flow = new RrFlow(
        id,
        port,
        local,
        peer,
        new StreamSource(pattern, 2 * id),
        new StreamSource(pattern, 2 * id + 1),
        run,
      );
      run.flows.push(flow);
      udp.whenResolved(port, 'local', () => flow.request());
    }
  }
  return { run, onLoss: (payload) => run.lost(payload) };
}
