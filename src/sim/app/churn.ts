import type { Scheduler, Timer } from '../core/scheduler.ts';
import { ms, type Nanoseconds } from '../core/time.ts';
import {
  LatencyHistogram,
  PortByteCounters,
  latencySummary,
  ratePerSecond,
  type MeasuredStream,
  type WorkloadConnection,
  type WorkloadPortBytes,
  type WorkloadResult,
  type WorkloadRun,
} from '../metrics/workload-results.ts';
import { localIp, peerIp, SINK_PORT } from '../world/addresses.ts';
import { MessageWriter, streamIntact, type WorkloadAppSetup } from './request-response.ts';
import type { AppSocket, SocketLayer } from './socket.ts';
import { StreamHash, StreamSource, type PayloadPattern } from './stream.ts';
import { EphemeralPortsExhausted } from '../tcp/stack.ts';

/**
 * How long a slot waits before trying again when connect() finds no free ephemeral port
 * (every port toward the peer is busy or in TIME_WAIT; Linux's connect() would fail with
 * EADDRNOTAVAIL). Retrying on a timer lets the run go on at the rate TIME_WAIT frees ports.
 */
const PORT_RETRY: Nanoseconds = ms(10);

/** One connection of a slot: both ends' applications. */
class Exchange {
  remote: AppSocket | null = null;
  readonly request: MessageWriter;
  readonly responseHash = new StreamHash();
  readonly requestHash = new StreamHash();
  response: MessageWriter | null = null;
  establishedAt: Nanoseconds = -1;
  closing = false;

  constructor(
    readonly local: AppSocket,
    readonly serial: number,
    readonly openedAt: Nanoseconds,
    pattern: PayloadPattern,
  ) {
    this.request = new MessageWriter(local, new StreamSource(pattern, 2 * serial));
  }

  intact(): boolean {
    const requestOk = streamIntact(this.request.source, this.requestHash);
    const responseOk =
      this.response === null
        ? this.responseHash.received === 0
        : streamIntact(this.response.source, this.responseHash);
    return requestOk && responseOk;
  }
}

/** A slot opens one connection after another; its counters cover all of them. */
class ChurnSlot {
  current: Exchange | null = null;
  /** The last connection's local socket, once one has finished. */
  last: AppSocket | null = null;
  completed = 0;
  failed = 0;
  intact = true;
  requestBytesWritten = 0;
  requestBytesDelivered = 0;
  responseBytesWritten = 0;
  responseBytesDelivered = 0;
  retransmits = 0;
  timeouts = 0;

  constructor(
    readonly id: number,
    readonly port: number,
    readonly next: Timer,
  ) {}

  /** Folds a finished connection into the slot's totals. */
  retire(x: Exchange): void {
    this.intact &&= x.intact();
    this.requestBytesWritten += x.request.source.written;
    this.requestBytesDelivered += x.requestHash.received;
    this.responseBytesWritten += x.response?.source.written ?? 0;
    this.responseBytesDelivered += x.responseHash.received;
    for (const s of [x.local, x.remote]) {
      if (s === null) continue;
      this.retransmits += s.tcp.stats.retransmits;
      this.timeouts += s.tcp.stats.timeouts;
    }
    this.last = x.local;
    this.current = null;
  }
}

/**
 * netperf TCP_CRR: each slot loops connect → write the request → peer reads it whole and
 * writes the response → client reads it whole and closes → peer closes on EOF. The
 * client closes first, so TIME_WAIT lands on the local host, as in netperf; a
 * connection counts as complete when the peer's FIN reaches the client (the close
 * handshake is done from its side), and the slot's next connection opens then.
 */
class ChurnRun implements WorkloadRun {
  readonly kind = 'connection-churn';
  readonly slots: ChurnSlot[] = [];
  readonly bytes: PortByteCounters;
  /** Live exchanges per port by the client's ephemeral port, for the peer's accept. */
  readonly byClientPort: Map<number, Exchange>[];
  private readonly latency = new LatencyHistogram();
  private readonly connectLatency = new LatencyHistogram();
  private completed = 0;
  private failed = 0;
  private halfAt: Nanoseconds = 0;
  private serial = 0;
  /**
   * Per port: until when connect() is known to find no free ephemeral port. Slots wait
   * it out instead of each asking again, because every refused connect() scans the
   * whole ephemeral range.
   */
  private readonly noPortUntil: Float64Array;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly local: SocketLayer,
    private readonly pattern: PayloadPattern,
    private readonly requestBytes: number,
    private readonly responseBytes: number,
    ports: number,
  ) {
    this.bytes = new PortByteCounters(ports);
    this.byClientPort = Array.from({ length: ports }, () => new Map<number, Exchange>());
    this.noPortUntil = new Float64Array(ports);
  }

  addSlot(port: number): ChurnSlot {
    const id = this.slots.length;
    const timer = this.scheduler.timer(`churn slot ${id} open`, () => this.open(slot));
    const slot = new ChurnSlot(id, port, timer);
    this.slots.push(slot);
    return slot;
  }

  open(slot: ChurnSlot): void {
    const now = this.scheduler.now;
    const blocked = this.noPortUntil[slot.port]!;
    if (now < blocked) {
      slot.next.arm(blocked);
      return;
    }
    let socket: AppSocket;
    try {
      socket = this.local.connect(localIp(slot.port), peerIp(slot.port), SINK_PORT);
    } catch (e) {
      if (!(e instanceof EphemeralPortsExhausted)) throw e;
      slot.failed++;
      this.failed++;
      this.noPortUntil[slot.port] = now + PORT_RETRY;
      slot.next.arm(now + PORT_RETRY);
      return;
    }
    const x = new Exchange(socket, this.serial++, now, this.pattern);
    slot.current = x;
    this.byClientPort[slot.port]!.set(socket.tcp.localPort, x);
    socket.onEstablished = () => {
      x.establishedAt = this.scheduler.now;
      this.connectLatency.record(x.establishedAt - x.openedAt);
      x.request.send(this.requestBytes);
    };
    socket.onData = (chunk) => {
      x.responseHash.update(chunk);
      this.bytes.rx[slot.port]! += chunk.length;
      if (x.responseHash.received >= this.responseBytes && !x.closing) {
        x.closing = true;
        socket.close();
      }
    };
    socket.onEof = () => this.finish(slot, x, x.closing);
    socket.onClosed = () => this.finish(slot, x, false);
  }

  accept(port: number, remote: AppSocket): void {
    const x = this.byClientPort[port]!.get(remote.tcp.remotePort);
    if (x === undefined) return remote.abort();
    x.remote = remote;
    x.response = new MessageWriter(remote, new StreamSource(this.pattern, 2 * x.serial + 1));
    remote.onData = (chunk) => {
      x.requestHash.update(chunk);
      this.bytes.tx[port]! += chunk.length;
      if (x.requestHash.received === this.requestBytes) x.response!.send(this.responseBytes);
    };
    remote.onEof = () => remote.close();
  }

  /**
   * Ends the slot's current connection: complete when the peer's FIN arrived after the
   * whole response (our FIN already sent), failed on reset, timeout or an early FIN.
   */
  private finish(slot: ChurnSlot, x: Exchange, ok: boolean): void {
    if (slot.current !== x) return;
    const now = this.scheduler.now;
    // The connection lingers in TIME_WAIT for 60 s; it must not call back into the slot,
    // nor keep the exchange (and through it the peer's closed connection) alive.
    x.local.onEstablished = undefined;
    x.local.onWritable = undefined;
    x.local.onEof = undefined;
    x.local.onClosed = undefined;
    x.local.onData = undefined;
    this.byClientPort[slot.port]!.delete(x.local.tcp.localPort);
    if (ok) {
      slot.completed++;
      this.completed++;
      this.latency.record(now - x.openedAt);
    } else {
      slot.failed++;
      this.failed++;
      x.local.abort();
    }
    slot.retire(x);
    // Open the next connection from its own event, not from inside this TCP input.
    slot.next.arm(now);
  }

  markHalf(now: Nanoseconds): void {
    this.halfAt = now;
    this.completed = 0;
    this.latency.reset();
    this.connectLatency.reset();
    this.bytes.markHalf();
  }

  summarize(now: Nanoseconds): WorkloadResult {
    return {
      kind: this.kind,
      connectionsPerSecond: ratePerSecond(this.completed, this.halfAt, now),
      latencyUs: latencySummary(this.latency),
      connectLatencyUs: latencySummary(this.connectLatency),
      completed: this.completed,
      failed: this.failed,
      streamIntact: this.slots.every((s) => s.intact && (s.current?.intact() ?? true)),
    };
  }

  portBytes(): WorkloadPortBytes[] {
    return this.bytes.measured();
  }

  streams(): MeasuredStream[] {
    return this.slots.flatMap((s): MeasuredStream[] => {
      const x = s.current;
      if (x === null) return [];
      return [
        {
          port: s.port,
          direction: 'tx',
          local: x.local.tcp,
          delivered: () => x.requestHash.received,
        },
        {
          port: s.port,
          direction: 'rx',
          local: x.local.tcp,
          delivered: () => x.responseHash.received,
        },
      ];
    });
  }

  connections(): WorkloadConnection[] {
    return this.slots.map((s) => {
      const x = s.current;
      return {
        id: s.id,
        port: s.port,
        requestBytesWritten: s.requestBytesWritten + (x?.request.source.written ?? 0),
        requestBytesDelivered: s.requestBytesDelivered + (x?.requestHash.received ?? 0),
        responseBytesWritten: s.responseBytesWritten + (x?.response?.source.written ?? 0),
        responseBytesDelivered: s.responseBytesDelivered + (x?.responseHash.received ?? 0),
        completed: s.completed,
        failed: s.failed,
        streamIntact: s.intact && (x?.intact() ?? true),
        retransmits: s.retransmits,
        timeouts: s.timeouts,
        state: x?.local.tcp.state ?? 'CLOSED',
        local: x?.local ?? s.last,
      };
    });
  }
}

/**
 * Connection churn (netperf TCP_CRR): `connectionsPerPort` slots per port, each opening,
 * using and closing one connection after another, with `messageBytes` requests and
 * `responseBytes` responses of real, verified payload.
 */
export function startChurn(setup: WorkloadAppSetup): WorkloadRun {
  const { scenario, pattern, local, peers, scheduler } = setup;
  const { messageBytes, responseBytes } = scenario.workload;
  const run = new ChurnRun(scheduler, local, pattern, messageBytes, responseBytes, peers.length);
  peers.forEach((peer, port) => peer.listen(SINK_PORT, (remote) => run.accept(port, remote)));
  for (let port = 0; port < peers.length; port++) {
    for (let i = 0; i < scenario.workload.connectionsPerPort; i++) run.open(run.addSlot(port));
  }
  return run;
}
