import type { AppSocket, SocketLayer } from '../app/socket.ts';
import type { HostDriver } from '../host/driver.ts';
import type { TcpStack } from '../tcp/stack.ts';
import type { Nanoseconds } from '../core/time.ts';
import type { SyncResult } from '../metrics/results.ts';
import type { NeighbourTable } from '../net/neighbour-table.ts';
import type { Ipv4Packet } from '../wire/types.ts';
import type { Architecture as ArchitectureId } from '../scenario/schema.ts';
import type { CardFilterCounts } from './card-filter.ts';
import type { Machine } from '../host/machine.ts';
import type { UdpPlacement } from '../host/udp-sockets.ts';

export type { ArchitectureId };

/** Where one function of DESIGN.md §2 runs. */
export type Where = 'host' | 'card' | 'none';

/**
 * The placement table of DESIGN.md §2 for one architecture, as data: the UI draws the
 * data path from it and the results quote it. The behaviour itself lives in `install`.
 */
export interface Placement {
  txCopy: string;
  txSegmentation: Where;
  txChecksum: Where;
  retransmitFrom: 'host memory' | 'card memory';
  tcpState: Where;
  rxClassify: Where;
  rxChecksum: Where;
  rxReassembly: string;
  rxCopy: string;
  arpAndRoutes: 'host' | 'card shadow copy';
  netfilterSees: string;
  /** What it does with UDP (issue 14): none of the 2002 designs offloads it. */
  udp: string;
}

/**
 * One placement of TCP's functions between host and card. An architecture installs its
 * transmit and receive paths on the machine (driver mode, what the card does with each
 * received frame, where TCP runs) and returns the socket layer the applications use.
 * A sixth architecture is one new file implementing this and one line in registry.ts.
 */
export interface Architecture {
  readonly id: ArchitectureId;
  readonly title: string;
  readonly placement: Placement;
  install(machine: Machine): InstalledArchitecture;
}

export interface InstalledArchitecture {
  readonly sockets: SocketLayer;
  /** The host's NIC driver (every architecture has one: the host still sends ARP, ICMP, fallbacks). */
  readonly driver: HostDriver;
  /** The card's own TCP (full-toe); absent where TCP runs on the host only. */
  readonly cardTcp?: TcpStack;
  /**
   * Whether the card holds this socket's connection (full-toe, card-window,
   * rx-direct-placement's flow table). Asked of the socket itself, so the socket layers
   * keep no list of every socket ever opened.
   */
  offloaded(socket: AppSocket): boolean;
  /**
   * The card's own neighbour (ARP) table for a port, when the architecture keeps one
   * (full-toe); absent where ARP stays on the host.
   */
  cardNeighbours?(port: number): NeighbourTable<Ipv4Packet>;
  /** How the card's shadow ARP entries were kept, up to `now` (full-toe); absent elsewhere. */
  syncResult?(now: Nanoseconds): SyncResult;
  /**
   * Whether a connection's packets pass the host's IP layer, where tcpdump and the
   * host's filter see them; absent means always (the host sees at least headers).
   */
  hostCaptureSees?(socket: AppSocket): boolean;
  /** The card's side of `filter.policy` (full-toe); absent where the host filters everything. */
  readonly cardFilter?: CardFilterCounts;
  /** What the card does for UDP datagrams (checksums, placement); the host path does the rest. */
  readonly udp: UdpPlacement;
}
