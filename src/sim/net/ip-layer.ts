import type { RandomStream } from '../core/random.ts';
import type { Scheduler } from '../core/scheduler.ts';
import { seconds, type Nanoseconds } from '../core/time.ts';
import { parseQuoted } from '../wire/parse.ts';
import { IPV4_HEADER, ipFrameBytes, ipLengthFrameBytes, tcpHeaderLength } from '../wire/size.ts';
import { udpLength } from '../wire/udp.ts';
import {
  ArpOp,
  BROADCAST_MAC,
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  ETHERTYPE_MAC_CONTROL,
  IP_PROTO_TCP,
  IP_PROTO_UDP,
  ZERO_MAC,
  type ArpPacket,
  type EthernetFrame,
  type IcmpMessage,
  type Ipv4,
  type Ipv4Packet,
  type Mac,
  type TcpSegment,
  type UdpDatagram,
  type UdpPacket,
} from '../wire/types.ts';
import type { IpFilterHook } from './filter.ts';
import { planFragments, type FragmentOrder, type Reassembly } from './ip-fragment.ts';
import { NeighbourTable, type Neighbour, type NeighbourHooks } from './neighbour-table.ts';
import { RoutingTable, type Route } from './routing-table.ts';

/** What IP delivers to and learns for the transport (TCP); TcpLower is the other way. */
export interface Transport {
  input(src: Ipv4, dst: Ipv4, seg: TcpSegment): void;
  /** The path MTU towards `remote` dropped to `mtu` (RFC 1191); resegment. */
  pmtuChanged(remote: Ipv4, mtu: number): void;
}

/** What IP delivers to UDP: whole datagrams, reassembled where they came in fragments. */
export interface UdpTransport {
  /** `truesize`: the receive buffers the datagram's frames occupy (skb->truesize, summed). */
  input(packet: UdpPacket, truesize: number, fragments: number): void;
  /** The buffer one received frame of this packet occupies. */
  bufferTruesize(packet: UdpPacket): number;
}

/** How a UDP socket's datagrams leave (Linux ip_build_xmit and its successors). */
export interface UdpSendPolicy {
  order: FragmentOrder;
  /** IP_PMTUDISC_WANT: DF on datagrams that fit the path MTU… */
  dontFragment: boolean;
  /** …and on their fragments too (Linux 2.4 ip_build_xmit_slow ORs DF into every fragment). */
  dontFragmentFragments: boolean;
}

/** What became of one UDP datagram handed to IP. */
export interface UdpSendResult {
  /** Frames handed to the device (1, or the fragments). */
  frames: number;
  /** Of them, refused by the device's full queue: the datagram is lost. */
  refused: number;
  /** Lost before any frame existed: no route, or the filter dropped it. */
  unsent: boolean;
}

/** Where a host's frames go: a NIC port's driver, a peer's qdisc. */
export interface NetDevice {
  /**
   * Hands a frame to the device's queue. False when the queue refused it (Linux
   * dev_queue_xmit's NET_XMIT_DROP: the qdisc is full), so TCP can react (tcp_transmit_skb).
   */
  transmit(frame: EthernetFrame): boolean;
}

export interface InterfaceConfig {
  mac: Mac;
  ip: Ipv4;
  prefixLength: number;
  mtu: number;
  device: NetDevice;
}

/** RFC 791 §3.2: the TTL Linux uses (net.ipv4.ip_default_ttl). */
export const DEFAULT_TTL = 64;
/** RFC 791: every host must accept 576-byte datagrams; used when no route exists. */
export const MIN_REASSEMBLY_MTU = 576;
/** RFC 791: the smallest MTU; an ICMP advertising less is ignored. */
export const MIN_IPV4_MTU = 68;
/** Linux ip_rt_mtu_expires: a learnt PMTU is forgotten after 10 minutes. */
export const PMTU_EXPIRES_NS: Nanoseconds = seconds(600);

/** Host IP counters, one sentence each (gVisor style). */
export class IpStats {
  /** Frames a device delivered to the host. */
  framesIn = 0;
  /** Frames dropped because their destination MAC is neither ours nor broadcast. */
  macFiltered = 0;
  /** IPv4 packets handed to a device, including ones released after ARP. */
  ipOut = 0;
  /** IPv4 packets accepted for one of our addresses. */
  ipIn = 0;
  /** IPv4 packets dropped because the destination is not one of our addresses. */
  ipNotForUs = 0;
  /** TCP segments delivered to the transport. */
  tcpIn = 0;
  /** TCP segments dropped because no transport is attached. */
  noTransport = 0;
  /** UDP datagrams and fragments accepted for us (before reassembly). */
  udpIn = 0;
  /** Outgoing packets dropped because no route covers the destination. */
  noRoute = 0;
  /** Outgoing packets the device queue refused (qdisc full): TCP enters CWR. */
  deviceRefused = 0;
  /** Outgoing DF packets larger than the route/path MTU, not sent. */
  mtuExceeded = 0;
  /** ARP requests sent: broadcast resolution and unicast probes. */
  arpRequestsSent = 0;
  /** ARP replies sent to requests for our addresses. */
  arpRepliesSent = 0;
  /** Gratuitous ARP announcements sent. */
  gratuitousArpSent = 0;
  /** ARP requests received (for us or not). */
  arpRequestsIn = 0;
  /** ARP replies received. */
  arpRepliesIn = 0;
  /** Received ARP whose sender IP equals its target IP (an announcement). */
  gratuitousArpIn = 0;
  /** Received ARP claiming one of our own addresses as its sender. */
  arpDuplicateAddress = 0;
  /** Packets held waiting for ARP resolution. */
  arpQueued = 0;
  /** Held packets dropped: queue overflow, resolution FAILED, table flushed. */
  arpDropped = 0;
  /** ICMP messages received for us. */
  icmpIn = 0;
  /** ICMP destination unreachable / fragmentation needed (type 3 code 4) received. */
  icmpFragNeededIn = 0;
  /** ICMP messages ignored: unknown type, unparsable quote, not quoting our packet, bad MTU. */
  icmpIgnored = 0;
  /** Path MTU reductions recorded from ICMP. */
  pmtuUpdates = 0;
  /** Packets for us the filter dropped before they reached the transport or ICMP. */
  filteredIn = 0;
  /** Outgoing packets the filter dropped after routing, before ARP. */
  filteredOut = 0;
}

/** An interface: addresses, its device and its neighbour table. */
export class Interface implements NeighbourHooks<Ipv4Packet> {
  mac: Mac;
  readonly ip: Ipv4;
  readonly prefixLength: number;
  /** A number from the start (see core/time.ts). */
  mtu = 0;
  device: NetDevice;
  readonly neighbours: NeighbourTable<Ipv4Packet>;

  constructor(
    private readonly layer: IpLayer,
    readonly index: number,
    cfg: InterfaceConfig,
    scheduler: Scheduler,
    name: string,
    random: RandomStream,
  ) {
    this.mac = cfg.mac;
    this.ip = cfg.ip >>> 0;
    this.prefixLength = cfg.prefixLength;
    this.mtu = cfg.mtu;
    this.device = cfg.device;
    this.neighbours = new NeighbourTable<Ipv4Packet>(scheduler, `${name}.if${index}`, random, this);
  }

  solicit(ip: Ipv4, to: Mac): void {
    this.layer.sendArpRequest(this, ip, to);
  }

  transmit(packet: Ipv4Packet, via: Neighbour): void {
    // A held packet released after ARP: nobody is waiting for the verdict.
    this.layer.transmitIp(this, packet, via);
  }

  held(): void {
    this.layer.stats.arpQueued++;
  }

  dropped(count: number): void {
    this.layer.stats.arpDropped += count;
  }
}

interface PmtuEntry {
  mtu: number;
  expiresAt: Nanoseconds;
}

/**
 * IPv4 input and output with ARP and ICMP PMTU discovery (smoltcp `iface/interface`,
 * Linux `ip_output.c` / `arp.c` / `icmp.c`). TCP sends with DF and sizes its segments to
 * `mtuFor`; UDP datagrams larger than the path MTU are fragmented (net/ip-fragment.ts).
 */
export class IpLayer {
  readonly routes = new RoutingTable();
  readonly stats = new IpStats();
  readonly interfaces: Interface[] = [];
  transport: Transport | null = null;
  /** The host's packet filter; null (the usual case) costs one comparison per packet. */
  filter: IpFilterHook | null = null;
  /** UDP above IP, and the fragment queues below it; null where the host runs no UDP. */
  udp: UdpTransport | null = null;
  reassembly: Reassembly | null = null;
  private nextId = 0;
  /** Per-destination learnt PMTU, like Linux's route cache exceptions (fnhe). */
  private readonly pmtu = new Map<Ipv4, PmtuEntry>();

  constructor(
    private readonly scheduler: Scheduler,
    readonly name: string,
    private readonly random: RandomStream,
  ) {}

  /** Adds an interface and, as Linux does for an address, its connected (on-link) route. */
  addInterface(cfg: InterfaceConfig): number {
    const index = this.interfaces.length;
    const iface = new Interface(this, index, cfg, this.scheduler, this.name, this.random);
    this.interfaces.push(iface);
    this.routes.replace({
      prefix: iface.ip,
      prefixLength: cfg.prefixLength,
      nextHop: 0,
      interfaceIndex: index,
    });
    return index;
  }

  iface(index: number): Interface {
    const i = this.interfaces[index];
    if (i === undefined) throw new RangeError(`${this.name}: no interface ${index}`);
    return i;
  }

  isLocal(ip: Ipv4): boolean {
    for (let i = 0; i < this.interfaces.length; i++) {
      if (this.interfaces[i]!.ip === ip) return true;
    }
    return false;
  }

  /** Route MTU / learnt PMTU towards `dst`. */
  mtuFor(dst: Ipv4): number {
    const route = this.routes.lookup(dst);
    if (route === null) return MIN_REASSEMBLY_MTU;
    const iface = this.interfaces[route.interfaceIndex];
    if (iface === undefined) return MIN_REASSEMBLY_MTU;
    return this.pathMtu(route, iface, dst);
  }

  /** The learnt PMTU for `dst`, or null. */
  learntPmtu(dst: Ipv4): number | null {
    const e = this.pmtu.get(dst);
    return e === undefined || e.expiresAt <= this.scheduler.now ? null : e.mtu;
  }

  /**
   * TCP output: route, check the MTU, resolve, frame, transmit. False only when the device
   * queue refused the frame (a local congestion drop TCP reacts to); a packet lost for
   * another reason (no route, held for ARP then dropped) is lost as on the wire.
   */
  outputTcp(src: Ipv4, dst: Ipv4, seg: TcpSegment): boolean {
    const route = this.routes.lookup(dst);
    const iface = route === null ? undefined : this.interfaces[route.interfaceIndex];
    if (route === null || iface === undefined) {
      this.stats.noRoute++;
      return true;
    }
    const length = IPV4_HEADER + tcpHeaderLength(seg) + seg.payload.length;
    if (length > this.pathMtu(route, iface, dst)) {
      this.stats.mtuExceeded++; // DF set: Linux returns EMSGSIZE rather than fragment
      return true;
    }
    const packet: Ipv4Packet = {
      src: src === 0 ? iface.ip : src,
      dst,
      ttl: DEFAULT_TTL,
      id: this.nextId,
      dontFragment: true,
      protocol: IP_PROTO_TCP,
      tcp: seg,
    };
    this.nextId = (this.nextId + 1) & 0xffff;
    // Linux runs NF_INET_LOCAL_OUT after the route lookup and before neighbour output.
    if (this.filter !== null && !this.filter.admits('out', packet)) {
      this.stats.filteredOut++;
      return true;
    }
    const via = iface.neighbours.outputVia(route.nextHop === 0 ? dst : route.nextHop, packet);
    // The frame's size from the length worked out above, not ipFrameBytes again.
    return via === null || this.transmitIp(iface, packet, via, ipLengthFrameBytes(length));
  }

  /**
   * UDP output (Linux 2.4 ip_build_xmit / ip_build_xmit_slow): route, cut the datagram to
   * the path MTU, frame each piece and hand it to the device, all under one IP id. The
   * filter sees the datagram once, before it is cut; ARP holds the pieces like any packet.
   */
  outputUdp(src: Ipv4, dst: Ipv4, udp: UdpDatagram, policy: UdpSendPolicy): UdpSendResult {
    const route = this.routes.lookup(dst);
    const iface = route === null ? undefined : this.interfaces[route.interfaceIndex];
    if (route === null || iface === undefined) {
      this.stats.noRoute++;
      return { frames: 0, refused: 0, unsent: true };
    }
    const plan = planFragments(udpLength(udp), this.pathMtu(route, iface, dst), policy.order);
    const whole: UdpPacket = {
      src: src === 0 ? iface.ip : src,
      dst,
      ttl: DEFAULT_TTL,
      id: this.nextId,
      dontFragment: plan === null ? policy.dontFragment : policy.dontFragmentFragments,
      protocol: IP_PROTO_UDP,
      udp,
      fragment: null,
    };
    this.nextId = (this.nextId + 1) & 0xffff;
    if (this.filter !== null && !this.filter.admits('out', whole)) {
      this.stats.filteredOut++;
      return { frames: 0, refused: 0, unsent: true };
    }
    const hop = route.nextHop === 0 ? dst : route.nextHop;
    const pieces = plan === null ? [whole] : plan.map((fragment) => ({ ...whole, fragment }));
    let refused = 0;
    for (const packet of pieces) {
      const via = iface.neighbours.outputVia(hop, packet);
      if (via !== null && !this.transmitIp(iface, packet, via)) refused++;
    }
    return { frames: pieces.length, refused, unsent: false };
  }

  /** A frame that passed MAC filtering on interface `iface`. */
  input(iface: Interface, frame: EthernetFrame): void {
    if (frame.etherType === ETHERTYPE_ARP) {
      this.arpInput(iface, frame.arp, frame.dst);
      return;
    }
    // MAC Control is the MAC's own business (PAUSE): never for IP.
    if (frame.etherType === ETHERTYPE_MAC_CONTROL) return;
    const p = frame.ip;
    if (p.dst !== iface.ip && !this.isLocal(p.dst)) {
      this.stats.ipNotForUs++;
      return;
    }
    // NF_INET_LOCAL_IN (ip_local_deliver): after the "is it ours" routing decision.
    if (this.filter !== null && !this.filter.admits('in', p)) {
      this.stats.filteredIn++;
      return;
    }
    this.stats.ipIn++;
    if (p.protocol === IP_PROTO_TCP) {
      this.confirmSender(iface, p.src, frame.src);
      if (this.transport === null) {
        this.stats.noTransport++;
        return;
      }
      this.stats.tcpIn++;
      this.transport.input(p.src, p.dst, p.tcp);
      return;
    }
    if (p.protocol === IP_PROTO_UDP) {
      this.udpInput(p);
      return;
    }
    this.icmpInput(p.icmp);
  }

  /** ip_local_deliver: fragments wait in their queue (ip_defrag); whole datagrams go up. */
  private udpInput(p: UdpPacket): void {
    this.stats.udpIn++;
    const udp = this.udp;
    if (udp === null) {
      this.stats.noTransport++;
      return;
    }
    const truesize = udp.bufferTruesize(p);
    if (p.fragment === null) {
      udp.input(p, truesize, 1);
      return;
    }
    const whole = this.reassembly?.add(p, truesize) ?? null;
    if (whole !== null) udp.input(whole.packet, whole.truesize, whole.fragments);
  }

  /**
   * @internal frames an IPv4 packet for a resolved neighbour (also releases held packets);
   * `wireBytes` is ipFrameBytes(packet) where the caller knows it. It takes the neighbour,
   * not its MAC: a MAC passed as an argument is a heap number allocated per packet.
   */
  transmitIp(
    iface: Interface,
    packet: Ipv4Packet,
    via: Neighbour,
    wireBytes: number = ipFrameBytes(packet),
  ): boolean {
    this.stats.ipOut++;
    const accepted = iface.device.transmit({
      dst: via.mac,
      src: iface.mac,
      etherType: ETHERTYPE_IPV4,
      ip: packet,
      wireBytes,
    });
    if (!accepted) this.stats.deviceRefused++;
    return accepted;
  }

  /** @internal an ARP request: broadcast while resolving, unicast when probing. */
  sendArpRequest(iface: Interface, target: Ipv4, to: Mac): void {
    this.stats.arpRequestsSent++;
    // Linux arp_create: target hardware address zero unless probing a known one.
    this.sendArp(iface, to, ArpOp.REQUEST, to === BROADCAST_MAC ? ZERO_MAC : to, target);
  }

  /** Announce our address (a request for ourselves, like `arping -U`, RFC 5227 §3). */
  sendGratuitousArp(index: number): void {
    const iface = this.iface(index);
    this.stats.gratuitousArpSent++;
    this.sendArp(iface, BROADCAST_MAC, ArpOp.REQUEST, ZERO_MAC, iface.ip);
  }

  /**
   * A new hardware address. Linux (arp_netdev_event, NETDEV_CHANGEADDR) flushes the
   * device's neighbour entries, so our peers are re-resolved from the new address.
   */
  setMac(index: number, mac: Mac): void {
    const iface = this.iface(index);
    iface.mac = mac;
    iface.neighbours.clear();
  }

  private arpInput(iface: Interface, a: ArpPacket, frameDst: Mac): void {
    const table = iface.neighbours;
    if (a.senderIp === a.targetIp) this.stats.gratuitousArpIn++;
    if (a.op === ArpOp.REQUEST) this.stats.arpRequestsIn++;
    else this.stats.arpRepliesIn++;
    if (a.senderIp === 0) return; // RFC 5227 probe: nothing to learn
    if (this.isLocal(a.senderIp)) {
      this.stats.arpDuplicateAddress++;
      return;
    }
    // Only the receiving interface's address is answered (arp_ignore=1), so a multi-port
    // host never answers for another port's address.
    const forUs = a.targetIp === iface.ip && a.senderIp !== a.targetIp;
    if (a.op === ArpOp.REQUEST) {
      table.update(a.senderIp, a.senderMac, 'STALE', forUs);
      if (forUs) {
        this.stats.arpRepliesSent++;
        this.sendArp(iface, a.senderMac, ArpOp.REPLY, a.senderMac, a.senderIp);
      }
      return;
    }
    // net/ipv4/arp.c arp_process: a reply addressed to us proves reachability; anything
    // else (gratuitous, overheard) only refreshes the address of an existing entry.
    const unicastToUs = frameDst === iface.mac;
    table.update(a.senderIp, a.senderMac, unicastToUs ? 'REACHABLE' : 'STALE', false);
  }

  private sendArp(
    iface: Interface,
    dst: Mac,
    op: ArpPacket['op'],
    targetMac: Mac,
    targetIp: Ipv4,
  ): void {
    iface.device.transmit({
      dst,
      src: iface.mac,
      etherType: ETHERTYPE_ARP,
      arp: { op, senderMac: iface.mac, senderIp: iface.ip, targetMac, targetIp },
    });
  }

  /** RFC 1191 §6.3 and Linux ip_rt_frag_needed / __ip_rt_update_pmtu. */
  private icmpInput(icmp: IcmpMessage): void {
    this.stats.icmpIn++;
    if (icmp.type !== 3 || icmp.code !== 4) {
      this.stats.icmpIgnored++;
      return;
    }
    this.stats.icmpFragNeededIn++;
    let quotedSrc: Ipv4;
    let remote: Ipv4;
    try {
      const q = parseQuoted(icmp.quoted);
      quotedSrc = q.src;
      remote = q.dst;
    } catch {
      this.stats.icmpIgnored++;
      return;
    }
    const mtu = icmp.nextHopMtu;
    // RFC 1191 §5 plateau guessing for nextHopMtu = 0 is not modelled (every router we
    // simulate is RFC 1191 compliant); a PMTU never increases from ICMP (§6.3).
    if (!this.isLocal(quotedSrc) || mtu < MIN_IPV4_MTU || mtu >= this.mtuFor(remote)) {
      this.stats.icmpIgnored++;
      return;
    }
    this.pmtu.set(remote, { mtu, expiresAt: this.scheduler.now + PMTU_EXPIRES_NS });
    this.stats.pmtuUpdates++;
    this.transport?.pmtuChanged(remote, mtu);
  }

  /**
   * Received TCP from a neighbour's current MAC confirms it (standing in for Linux's
   * dst_confirm on TCP forward progress), so a busy connection never re-probes.
   */
  private confirmSender(iface: Interface, src: Ipv4, srcMac: Mac): void {
    const route = this.routes.lookup(src);
    const hop = route === null || route.nextHop === 0 ? src : route.nextHop;
    iface.neighbours.confirm(hop, srcMac);
  }

  private pathMtu(route: Route, iface: Interface, dst: Ipv4): number {
    let mtu = iface.mtu;
    if (route.mtu !== undefined && route.mtu < mtu) mtu = route.mtu;
    if (this.pmtu.size > 0) {
      const e = this.pmtu.get(dst);
      if (e !== undefined) {
        // Lazy expiry: Linux does not tell TCP either; it sees the larger MTU on next use.
        if (e.expiresAt <= this.scheduler.now) this.pmtu.delete(dst);
        else if (e.mtu < mtu) mtu = e.mtu;
      }
    }
    return mtu;
  }
}
