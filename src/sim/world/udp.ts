import { HostUdpCosts } from '../host/udp-sockets.ts';
import { ms } from '../core/time.ts';
import { Reassembly, type ReassemblyLimits } from '../net/ip-fragment.ts';
import type { UdpSendPolicy } from '../net/ip-layer.ts';
import { rxBufferTruesize, txBufferTruesize } from '../net/skb.ts';
import { UdpLedger, type UdpDirection } from '../udp/ledger.ts';
import { FREE_UDP, UdpSocket, type UdpCostModel } from '../udp/socket.ts';
import { UdpStack } from '../udp/stack.ts';
import type { Host } from '../host/host.ts';
import type { TcpProfile } from '../tcp/config.ts';
import type { EthernetFrame } from '../wire/types.ts';
import { localIp, peerIp, portOfLocalIp } from './addresses.ts';
import type { World } from './world.ts';

/**
 * How each Linux sends a datagram larger than the path MTU. Both set DF on a datagram
 * that fits (IP_PMTUDISC_WANT, the default unless ip_no_pmtu_disc is set: inet_create).
 * Linux 2.4's ip_build_xmit_slow sends the fragments last first and ORs DF into each of
 * them; later kernels (ip_append_data, ip_fragment) send them in order, without DF.
 */
export function udpSendPolicy(profile: TcpProfile): UdpSendPolicy {
  switch (profile) {
    case 'linux-2.4':
      return { order: 'last-first', dontFragment: true, dontFragmentFragments: true };
    case 'linux':
      return { order: 'in-order', dontFragment: true, dontFragmentFragments: false };
  }
}

/** The two ends of one UDP flow's sockets, as an application opens them. */
export interface UdpFlowSockets {
  local: UdpSocket;
  peer: UdpSocket;
}

/**
 * UDP in a world (issue 14): a UDP stack and fragment queues on the local host and on
 * every link peer, the local host's costs by its architecture, and the ledger that counts
 * each port's datagrams — sent, delivered, and lost by where, from the drop points the
 * model already has (the card's FIFO and ring, the wire, the queues) and UDP's own (the
 * socket's receive buffer, the fragment queues). Built only for the UDP workloads, so a
 * TCP run is exactly what it was.
 */
export class UdpWorld {
  readonly ledger: UdpLedger;
  readonly host: UdpStack;
  readonly peers: UdpStack[];
  readonly hostReassembly: Reassembly;
  readonly peerReassembly: Reassembly[];
  private readonly hostCosts: UdpCostModel;
  private sockets = 0;

  constructor(private readonly world: World) {
    const { scenario, costs } = world;
    this.ledger = new UdpLedger(world.links.length);
    const limits: ReassemblyLimits = {
      highThreshBytes: costs.ipfragHighThreshBytes,
      lowThreshBytes: costs.ipfragLowThreshBytes,
      timeNs: ms(costs.ipfragTimeMs),
    };
    const rxTruesize = rxBufferTruesize(scenario.link.mtu, costs);
    const txTruesize = (ipLength: number) => txBufferTruesize(ipLength, costs);
    this.hostReassembly = this.reassembly(world.host, 'host', limits, (p) => [
      portOfLocalIp(p),
      'rx',
    ]);
    this.host = new UdpStack({
      ip: world.host.ip,
      ledger: this.ledger,
      policy: udpSendPolicy(scenario.tcp.profile),
      portOf: portOfLocalIp,
      direction: { out: 'tx', in: 'rx' },
      refused: 'qdisc',
      txTruesize,
      rxTruesize,
    });
    this.peerReassembly = [];
    this.peers = world.peers.map((peer, port) => {
      this.peerReassembly.push(this.reassembly(peer, `peer${port}`, limits, () => [port, 'tx']));
      const stack = new UdpStack({
        ip: peer.ip,
        ledger: this.ledger,
        policy: udpSendPolicy('linux'),
        portOf: () => port,
        direction: { out: 'rx', in: 'tx' },
        refused: 'peerQueue',
        txTruesize,
        rxTruesize,
        deviceRoom: () => {
          const queue = world.peerPorts[port]!;
          return { free: queue.limit - queue.depth.value, limit: queue.limit };
        },
      });
      world.peerPorts[port]!.txListeners.push({
        queued: () => {},
        freed: (frame) => stack.frameFreed(frame),
      });
      return stack;
    });
    world.architecture.driver.txListeners.push({
      queued: () => {},
      freed: (frame) => this.host.frameFreed(frame),
    });
    this.hostCosts = new HostUdpCosts(world, world.architecture.udp, scenario.tcp.profile);
    this.watchDrops();
  }

  private reassembly(
    host: Host,
    name: string,
    limits: ReassemblyLimits,
    where: (dst: number) => [number, UdpDirection],
  ): Reassembly {
    const r = new Reassembly(this.world.scheduler, name, limits);
    r.onLost = (sample, why) => {
      const [port, direction] = where(sample.dst);
      const reason = why === 'timeout' ? 'reassemblyTimeout' : 'reassemblyEvicted';
      this.ledger.lose(port, direction, sample.udp, reason, true);
    };
    host.ip.reassembly = r;
    return r;
  }

  /** Frames of UDP datagrams lost on the wire or by the card lose their datagram. */
  private watchDrops(): void {
    const lose = (
      port: number,
      direction: UdpDirection,
      frame: EthernetFrame,
      why: 'wire' | 'rxFifoOverflow' | 'rxRingEmpty',
    ) => {
      if (frame.etherType !== 0x0800 || frame.ip.protocol !== 17) return;
      this.ledger.lose(port, direction, frame.ip.udp, why, frame.ip.fragment !== null);
    };
    this.world.links.forEach((link, port) => {
      link.onDrop((direction, _now, frame) => lose(port, direction, frame, 'wire'));
      const rx = this.world.nic.rx[port]!;
      const before = rx.onDrop;
      rx.onDrop = (frame, reason, now) => {
        before(frame, reason, now);
        lose(port, 'rx', frame, reason === 'fifoOverflow' ? 'rxFifoOverflow' : 'rxRingEmpty');
      };
    });
  }

  /**
   * A flow's two sockets on `port`: the local host's (its costs by the architecture) on
   * `localPort`, the peer's on `peerPort`, connected to each other.
   */
  openFlow(port: number, localPort: number, peerPort: number): UdpFlowSockets {
    const { costs, scenario } = this.world;
    const buffers = {
      sendBufferBytes: costs.udpSendBufferBytes,
      recvBufferBytes: costs.udpRecvBufferBytes,
      checksummed: scenario.workload.udpChecksum,
      port,
    };
    const local = new UdpSocket(this.host, this.hostCosts, {
      ...buffers,
      localIp: localIp(port),
      localPort,
      remoteIp: peerIp(port),
      remotePort: peerPort,
      out: 'tx',
      in: 'rx',
      index: this.sockets++,
    });
    this.world.architecture.udp.open?.(localPort, peerIp(port), peerPort);
    const peer = new UdpSocket(this.peers[port]!, FREE_UDP, {
      ...buffers,
      localIp: peerIp(port),
      localPort: peerPort,
      remoteIp: localIp(port),
      remotePort: localPort,
      out: 'rx',
      in: 'tx',
      index: 0,
    });
    return { local, peer };
  }

  /**
   * Runs `start` once the sender's ARP entry for its receiver is resolved, as netperf's
   * TCP control connection has resolved it before the first test datagram: the held
   * packets of an unresolved neighbour are not what a UDP test measures.
   */
  whenResolved(port: number, from: 'local' | 'peer', start: () => void): void {
    const host = from === 'local' ? this.world.host : this.world.peers[port]!;
    const ifIndex = from === 'local' ? port : 0;
    const target = from === 'local' ? peerIp(port) : localIp(port);
    const table = host.neighbours(ifIndex);
    const ready = () => {
      const e = table.lookup(target);
      return e !== undefined && e.mac !== 0 && e.state !== 'INCOMPLETE' && e.state !== 'FAILED';
    };
    if (ready()) return start();
    let started = false;
    table.onChange(() => {
      if (started || !ready()) return;
      started = true;
      start();
    });
    table.resolve(target);
  }
}
