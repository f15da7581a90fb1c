import type { Scheduler } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';
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
import type { Scenario } from '../scenario/schema.ts';
import { localIp, peerIp, SINK_PORT } from '../world/addresses.ts';
import type { AppSocket, SocketLayer } from './socket.ts';
import { MAX_WRITE_BYTES, StreamHash, StreamSource, type PayloadPattern } from './stream.ts';

/** What a transaction workload needs to start: flows.ts's setup plus the clock. */
export interface WorkloadAppSetup {
  scenario: Scenario;
  pattern: PayloadPattern;
  local: SocketLayer;
  peers: readonly SocketLayer[];
  scheduler: Scheduler;
}

/**
 * Writes whole messages of a stream: `send(n)` queues n more bytes, and the writer keeps
 * handing them to the socket as it frees space, so a message larger than the send
 * buffer goes out as the peer acknowledges.
 */
export class MessageWriter {
  private left = 0;

  constructor(
    private readonly socket: AppSocket,
    readonly source: StreamSource,
  ) {
    socket.onWritable = () => this.pump();
  }

  send(bytes: number): void {
    this.left += bytes;
    this.pump();
  }

  private pump(): void {
    while (this.left > 0) {
      const accepted = this.socket.write(this.source.peek(Math.min(this.left, MAX_WRITE_BYTES)));
      if (accepted <= 0) return;
      this.source.advance(accepted);
      this.left -= accepted;
    }
  }
}

/** The reader's hash over what it got equals the writer's over the same prefix. */
export function streamIntact(source: StreamSource, hash: StreamHash): boolean {
  if (hash.received > source.written) return false;
  return hash.digest() === source.hashOfPrefix(hash.received);
}

/**
 * One TCP_RR connection: the client (local host) has one request outstanding at a time;
 * the server (peer) answers each whole request with a whole response.
 */
class RrConnection {
  remote: AppSocket | null = null;
  readonly request: MessageWriter;
  readonly responseHash = new StreamHash();
  requestHash: StreamHash | null = null;
  response: MessageWriter | null = null;
  /** When the outstanding request was written. */
  sentAt: Nanoseconds = 0;
  /** Response bytes the client still waits for. */
  awaiting = 0;
  /** Request bytes the server holds that do not yet make a whole request. */
  partialRequest = 0;
  completed = 0;
  failed = false;

  constructor(
    readonly id: number,
    readonly port: number,
    readonly local: AppSocket,
    pattern: PayloadPattern,
  ) {
    this.request = new MessageWriter(local, new StreamSource(pattern, 2 * id));
  }
}

class RequestResponseRun implements WorkloadRun {
  readonly kind = 'request-response';
  readonly conns: RrConnection[] = [];
  readonly bytes: PortByteCounters;
  private readonly latency = new LatencyHistogram();
  private completed = 0;
  private failed = 0;
  private halfAt: Nanoseconds = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly pattern: PayloadPattern,
    private readonly requestBytes: number,
    private readonly responseBytes: number,
    ports: number,
  ) {
    this.bytes = new PortByteCounters(ports);
  }

  open(local: SocketLayer, port: number): RrConnection {
    const socket = local.connect(localIp(port), peerIp(port), SINK_PORT);
    // netperf's TCP_RR sets TCP_NODELAY on both ends, so no request waits on Nagle.
    socket.tcp.noDelay = true;
    const c = new RrConnection(this.conns.length, port, socket, this.pattern);
    this.conns.push(c);
    socket.onEstablished = () => this.sendRequest(c);
    socket.onData = (chunk) => this.onResponseBytes(c, chunk);
    socket.onClosed = (reason) => {
      if (reason !== 'normal') this.fail(c);
    };
    return c;
  }

  accept(c: RrConnection, remote: AppSocket): void {
    remote.tcp.noDelay = true;
    c.remote = remote;
    c.requestHash = new StreamHash();
    c.response = new MessageWriter(remote, new StreamSource(this.pattern, 2 * c.id + 1));
    remote.onData = (chunk) => this.onRequestBytes(c, chunk);
    remote.onEof = () => remote.close();
    remote.onClosed = (reason) => {
      if (reason !== 'normal') this.fail(c);
    };
  }

  private sendRequest(c: RrConnection): void {
    c.sentAt = this.scheduler.now;
    c.awaiting = this.responseBytes;
    c.request.send(this.requestBytes);
  }

  private onRequestBytes(c: RrConnection, chunk: Uint8Array): void {
    c.requestHash!.update(chunk);
    this.bytes.tx[c.port]! += chunk.length;
    c.partialRequest += chunk.length;
    while (c.partialRequest >= this.requestBytes) {
      c.partialRequest -= this.requestBytes;
      c.response!.send(this.responseBytes);
    }
  }

  private onResponseBytes(c: RrConnection, chunk: Uint8Array): void {
    c.responseHash.update(chunk);
    this.bytes.rx[c.port]! += chunk.length;
    c.awaiting -= chunk.length;
    if (c.awaiting > 0) return;
    // More than one response's bytes would be a server bug; streamIntact still checks them.
    this.latency.record(this.scheduler.now - c.sentAt);
    this.completed++;
    c.completed++;
    this.sendRequest(c);
  }

  private fail(c: RrConnection): void {
    if (c.failed) return;
    c.failed = true;
    this.failed++;
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
      failed: this.failed,
      streamIntact: this.conns.every((c) => this.intact(c)),
    };
  }

  portBytes(): WorkloadPortBytes[] {
    return this.bytes.measured();
  }

  streams(): MeasuredStream[] {
    return this.conns.flatMap((c): MeasuredStream[] => [
      {
        port: c.port,
        direction: 'tx',
        local: c.local.tcp,
        delivered: () => c.requestHash?.received ?? 0,
      },
      {
        port: c.port,
        direction: 'rx',
        local: c.local.tcp,
        delivered: () => c.responseHash.received,
      },
    ]);
  }

  connections(): WorkloadConnection[] {
    return this.conns.map((c) => {
      const l = c.local.tcp.stats;
      const r = c.remote?.tcp.stats;
      return {
        id: c.id,
        port: c.port,
        requestBytesWritten: c.request.source.written,
        requestBytesDelivered: c.requestHash?.received ?? 0,
        responseBytesWritten: c.response?.source.written ?? 0,
        responseBytesDelivered: c.responseHash.received,
        completed: c.completed,
        failed: c.failed ? 1 : 0,
        streamIntact: this.intact(c),
        retransmits: l.retransmits + (r?.retransmits ?? 0),
        timeouts: l.timeouts + (r?.timeouts ?? 0),
        state: c.local.tcp.state,
        local: c.local,
      };
    });
  }

  private intact(c: RrConnection): boolean {
    const requestOk = c.requestHash === null || streamIntact(c.request.source, c.requestHash);
    const responseOk =
      c.response === null
        ? c.responseHash.received === 0
        : streamIntact(c.response.source, c.responseHash);
    return requestOk && responseOk;
  }
}

/**
 * netperf TCP_RR: `connectionsPerPort` connections per port from the local host to each
 * peer, each running back-to-back transactions of one `requestBytes` request and one
 * `responseBytes` response, with real payload bytes verified at both ends.
 */
export function startRequestResponse(setup: WorkloadAppSetup): WorkloadRun {
  const { scenario, pattern, local, peers, scheduler } = setup;
  const { requestBytes, responseBytes } = scenario.workload;
  const run = new RequestResponseRun(scheduler, pattern, requestBytes, responseBytes, peers.length);
  // The peer learns which connection it accepted from the client's ephemeral port.
  const byClientPort = peers.map(() => new Map<number, RrConnection>());
  peers.forEach((peer, port) => {
    peer.listen(SINK_PORT, (remote) => {
      const c = byClientPort[port]!.get(remote.tcp.remotePort);
      if (c === undefined) return remote.abort();
      run.accept(c, remote);
    });
  });
  for (let port = 0; port < peers.length; port++) {
    for (let i = 0; i < scenario.workload.connectionsPerPort; i++) {
      const c = run.open(local, port);
      byClientPort[port]!.set(c.local.tcp.localPort, c);
    }
  }
  return run;
}
