import { BulkReader, BulkWriter } from '../app/bulk.ts';
import { StreamSource, type PayloadPattern } from '../app/stream.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { AppSocket, SocketLayer } from '../app/socket.ts';
import type { TcpConnection } from '../tcp/connection.ts';
import { localIp, peerIp, SINK_PORT, SOURCE_PORT } from './addresses.ts';

/** Which way a flow's data goes, seen from the local host. */
export type FlowDirection = 'tx' | 'rx';

/**
 * One workload connection: the local host always opens it (like netperf's client); for
 * 'tx' the local host writes and the peer reads, for 'rx' the reverse.
 */
export class Flow {
  /** The connection's two ends; `remote` is set when the peer accepts. */
  remote: AppSocket | null = null;
  writer: BulkWriter | null = null;
  reader: BulkReader | null = null;
  /** Bytes delivered to the reading application at the start of the measured half. */
  deliveredAtHalf = 0;

  constructor(
    readonly id: number,
    readonly port: number,
    readonly direction: FlowDirection,
    readonly local: AppSocket,
  ) {}

  /** The TCP connection that sends this flow's data. */
  get sender(): TcpConnection | null {
    return (this.direction === 'tx' ? this.local : this.remote)?.tcp ?? null;
  }

  get delivered(): number {
    return this.reader?.delivered ?? 0;
  }

  get written(): number {
    return this.writer?.written ?? 0;
  }

  /** The reader's hash over what it got equals the writer's over the same prefix. */
  get streamIntact(): boolean {
    if (!this.writer || !this.reader) return this.delivered === 0;
    return this.reader.hash.digest() === this.writer.source.hashOfPrefix(this.reader.delivered);
  }
}

export interface WorkloadSetup {
  scenario: Scenario;
  pattern: PayloadPattern;
  local: SocketLayer;
  peers: readonly SocketLayer[];
}

/** The directions of the connections each port carries, per DESIGN.md §6 workload kinds. */
function directionsFor(kind: Scenario['workload']['kind']): FlowDirection[] {
  switch (kind) {
    case 'bulk-send':
      return ['tx'];
    case 'bulk-receive':
      return ['rx'];
    case 'bidirectional':
      return ['tx', 'rx'];
    case 'request-response':
    case 'connection-churn':
    case 'udp-stream':
    case 'udp-rr':
      return [];
  }
}

/** A valid scenario asks for something this version cannot simulate yet. */
export class UnsupportedScenarioError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'UnsupportedScenarioError';
  }
}

/** Opens every workload connection and attaches the applications at both ends. */
export function startWorkload(setup: WorkloadSetup): Flow[] {
  const { scenario, pattern, local, peers } = setup;
  const { messageBytes, bytesPerConnection, connectionsPerPort } = scenario.workload;
  const directions = directionsFor(scenario.workload.kind);
  const flows: Flow[] = [];
  const byPeerPort = peers.map(() => new Map<number, Flow>());

  peers.forEach((peer, port) => {
    const accept = (conn: AppSocket) => {
      const flow = byPeerPort[port]!.get(conn.tcp.remotePort);
      if (!flow) return conn.abort();
      flow.remote = conn;
      if (flow.direction === 'tx') {
        flow.reader = new BulkReader(conn, pattern);
      } else {
        flow.writer = new BulkWriter(
          conn,
          new StreamSource(pattern, flow.id),
          messageBytes,
          bytesPerConnection,
        );
      }
    };
    peer.listen(SINK_PORT, accept);
    peer.listen(SOURCE_PORT, accept);
  });

  for (let port = 0; port < peers.length; port++) {
    for (let c = 0; c < connectionsPerPort; c++) {
      for (const direction of directions) {
        const service = direction === 'tx' ? SINK_PORT : SOURCE_PORT;
        const conn = local.connect(localIp(port), peerIp(port), service);
        const flow = new Flow(flows.length, port, direction, conn);
        if (direction === 'tx') {
          flow.writer = new BulkWriter(
            conn,
            new StreamSource(pattern, flow.id),
            messageBytes,
            bytesPerConnection,
          );
        } else {
          flow.reader = new BulkReader(conn, pattern);
        }
        byPeerPort[port]!.set(conn.tcp.localPort, flow);
        flows.push(flow);
      }
    }
  }
  return flows;
}
