import type { RandomStream } from '../core/random.ts';
import type { Scheduler } from '../core/scheduler.ts';
import {
  IpLayer,
  type InterfaceConfig,
  type IpStats,
  type NetDevice,
  type Transport,
} from '../net/ip-layer.ts';
import type { NeighbourTable } from '../net/neighbour-table.ts';
import type { RoutingTable } from '../net/routing-table.ts';
import {
  BROADCAST_MAC,
  type EthernetFrame,
  type Ipv4,
  type Ipv4Packet,
  type Mac,
  type TcpSegment,
} from '../wire/types.ts';

export type { InterfaceConfig, NetDevice, Transport } from '../net/ip-layer.ts';

export interface HostOptions {
  scheduler: Scheduler;
  name: string;
  /** Draws the neighbour tables' randomised reachable time. */
  random: RandomStream;
}

/**
 * A host's network side: interfaces on devices, one IP layer (routes, neighbours, PMTU)
 * and one transport. It is TCP's lower layer (`sendTcp` = TcpLower.output, `mtuFor` =
 * TcpLower.mtuFor) and a device's upper layer (`receive`). CPU costs are not modelled
 * here; the architecture decides where this code runs and what it costs.
 */
export class Host {
  readonly scheduler: Scheduler;
  readonly name: string;
  readonly ip: IpLayer;

  constructor(opts: HostOptions) {
    this.scheduler = opts.scheduler;
    this.name = opts.name;
    this.ip = new IpLayer(opts.scheduler, opts.name, opts.random);
  }

  get routes(): RoutingTable {
    return this.ip.routes;
  }

  get stats(): IpStats {
    return this.ip.stats;
  }

  /** Adds an interface (and its connected route); returns its index. */
  addInterface(cfg: InterfaceConfig): number {
    return this.ip.addInterface(cfg);
  }

  /** Attaches (or replaces) the device behind interface `ifIndex`, e.g. after building a NIC. */
  setDevice(ifIndex: number, device: NetDevice): void {
    this.ip.iface(ifIndex).device = device;
  }

  interfaceCount(): number {
    return this.ip.interfaces.length;
  }

  macOf(ifIndex: number): Mac {
    return this.ip.iface(ifIndex).mac;
  }

  addressOf(ifIndex: number): Ipv4 {
    return this.ip.iface(ifIndex).ip;
  }

  neighbours(ifIndex: number): NeighbourTable<Ipv4Packet> {
    return this.ip.iface(ifIndex).neighbours;
  }

  setTransport(t: Transport): void {
    this.ip.transport = t;
  }

  /**
   * A device delivers a frame. Like a NIC's unicast filter, frames for another MAC are
   * dropped and counted: after a MAC change, frames still sent to the old address are lost.
   */
  receive(ifIndex: number, frame: EthernetFrame): void {
    const iface = this.ip.iface(ifIndex);
    this.ip.stats.framesIn++;
    if (frame.dst !== iface.mac && frame.dst !== BROADCAST_MAC) {
      this.ip.stats.macFiltered++;
      return;
    }
    this.ip.input(iface, frame);
  }

  /** TCP output: route, resolve, frame, transmit (TcpLower.output); false = refused locally. */
  sendTcp(src: Ipv4, dst: Ipv4, seg: TcpSegment): boolean {
    return this.ip.outputTcp(src, dst, seg);
  }

  /** Route MTU or learnt PMTU towards `dst` (TcpLower.mtuFor). */
  mtuFor(dst: Ipv4): number {
    return this.ip.mtuFor(dst);
  }

  /** Upper-layer reachability confirmation for `dst`'s next hop (Linux dst_confirm). */
  confirmNeighbour(dst: Ipv4): void {
    const route = this.ip.routes.lookup(dst);
    if (route === null) return;
    this.neighbours(route.interfaceIndex).confirm(route.nextHop === 0 ? dst : route.nextHop);
  }

  sendGratuitousArp(ifIndex: number): void {
    this.ip.sendGratuitousArp(ifIndex);
  }

  /** Changes the interface's MAC; call sendGratuitousArp to announce it. */
  setMac(ifIndex: number, mac: Mac): void {
    this.ip.setMac(ifIndex, mac);
  }
}
