import { DirectSocketLayer, type SocketLayer } from '../app/socket.ts';
import { PayloadPattern } from '../app/stream.ts';
import type { InstalledArchitecture } from '../arch/architecture.ts';
import { CopyLedger, type Machine } from '../host/machine.ts';
import { ARCHITECTURE_MODULES } from '../arch/registry.ts';
import { PciBus } from '../bus/pcix.ts';
import { RandomStream } from '../core/random.ts';
import { Scheduler } from '../core/scheduler.ts';
import type { Costs } from '../costs/cost-table.ts';
import { profileOf, scenarioBusKind, scenarioCosts } from '../scenario/card.ts';
import { Cpu } from '../host/cpu.ts';
import { Host } from '../host/host.ts';
import { MemoryBus } from '../host/memory-bus.ts';
import { Link } from '../link/link.ts';
import { LinkEvents } from '../link/link-events.ts';
import { PacketFilter } from '../net/filter.ts';
import { Nic, type NicQueues } from '../nic/nic.ts';
import type { Scenario } from '../scenario/schema.ts';
import { profileRules, type TcpConfig, type TcpProfile } from '../tcp/config.ts';
import { TcpStack } from '../tcp/stack.ts';
import { localIp, localMac, peerIp, peerMac, portOfLocalIp, SUBNET_PREFIX } from './addresses.ts';
import type { LogEntry } from './events.ts';
import { startChurn } from '../app/churn.ts';
import { startRequestResponse } from '../app/request-response.ts';
import { startUdpRr } from '../app/udp-rr.ts';
import { startUdpStream } from '../app/udp-stream.ts';
import { UdpWorld } from './udp.ts';
import type { WorkloadRun } from '../metrics/workload-results.ts';
import { startWorkload, type Flow } from './flows.ts';
import { WindowWatch } from './window-watch.ts';
import { PeerBridge } from './bridge.ts';
import { PeerPort } from './peer-port.ts';
import { DropLog } from './drop-log.ts';
import { addSecondPaths, type SecondPaths } from './route-change.ts';
import { ETHERNET_OVERHEAD, type EthernetFrame, type Ipv4, type Mac } from '../wire/types.ts';

/**
 * Everything one simulation run owns — no module-level state, so several worlds (one
 * per architecture in a comparison) run side by side.
 *
 * The local machine has a CPU, a memory bus, a PCI-X bus and a multi-port NIC; each
 * port is wired by a full-duplex link to a link peer, a remote host running the same
 * TCP with the `linux` profile whose costs are not modelled (it is not what we study).
 * The scenario's architecture installs the data path between the host's TCP/IP and the
 * NIC (src/sim/arch).
 */
export class World implements Machine {
  readonly scheduler = new Scheduler();
  readonly costs: Costs;
  readonly host: Host;
  readonly hostTcp: TcpStack;
  readonly cpu: Cpu;
  readonly memory: MemoryBus;
  readonly pci: PciBus;
  readonly nic: Nic;
  readonly ledger = new CopyLedger();
  readonly architecture: InstalledArchitecture;
  readonly peers: Host[] = [];
  readonly peerTcp: TcpStack[] = [];
  readonly links: Link[] = [];
  /** Each link's far side: the peer, plus other peers' second paths (route-change). */
  readonly bridges: PeerBridge[] = [];
  readonly linkEvents: LinkEvents[] = [];
  readonly log: LogEntry[] = [];
  readonly windowWatch: WindowWatch;
  /** Drops into the event log (the 1st, 10th, 100th … per port and reason). */
  readonly dropLog: DropLog;
  /** The host's packet filter (DESIGN.md §5), on its IP layer; null without rules. */
  readonly hostFilter: PacketFilter | null;
  readonly txqueuelen: number;
  flows: Flow[] = [];
  /** Every link peer's transmit queue (the peers and their second paths). */
  readonly peerPorts: PeerPort[] = [];
  private readonly pattern: PayloadPattern;

  /**
   * `secondPaths: 'all'` gives every peer an interface on every other port's link, so a
   * live session can fire any route change; by default only the scenario's are built.
   */
  constructor(
    readonly scenario: Scenario,
    options: { secondPaths?: SecondPaths } = {},
  ) {
    const { seed, host, nic } = scenario;
    this.pattern = new PayloadPattern(seed);
    this.costs = scenarioCosts(scenario);
    this.txqueuelen = txqueuelenOf(this.costs, scenario.tcp.profile);
    this.memory = new MemoryBus({
      name: 'memory',
      peakGBps: host.memoryBusGBps,
      sustainedFraction: this.costs.memoryBusSustainedFraction,
      clock: this.scheduler,
      slotNs: this.costs.memorySlotNs,
    });
    this.cpu = new Cpu({
      scheduler: this.scheduler,
      name: 'cpu',
      cores: host.cpus,
      ghz: host.cpuGhz,
      memory: this.memory,
    });
    this.pci = new PciBus({
      name: 'pci',
      kind: scenarioBusKind(scenario),
      costs: this.costs,
      memory: this.memory,
      clock: this.scheduler,
      behindBridge: profileOf(scenario).bridge.value,
    });
    this.host = new Host({
      scheduler: this.scheduler,
      name: 'host',
      random: new RandomStream(seed, 'host.neigh'),
    });
    this.hostTcp = this.tcpFor(this.host, 'host', scenario.tcp.profile);
    const rules = scenario.filter.rules;
    this.hostFilter = rules.length > 0 ? new PacketFilter(rules) : null;
    this.host.ip.filter = this.hostFilter;

    for (let port = 0; port < nic.ports; port++) {
      const link = new Link({
        scheduler: this.scheduler,
        name: `port${port}`,
        mbps: nic.portSpeedMbps,
        rttUs: scenario.link.rttUs,
        lossRate: scenario.link.lossRate,
        seed,
      });
      this.links.push(link);
      this.linkEvents.push(new LinkEvents(link));
      this.host.addInterface({
        mac: localMac(port),
        ip: localIp(port),
        prefixLength: SUBNET_PREFIX,
        mtu: scenario.link.mtu,
        device: link.endpoint('a'), // replaced by the architecture's driver
      });
      this.addPeer(port, link);
    }
    addSecondPaths(
      scenario,
      this.peers,
      (q) => this.peerPort(q),
      this.bridges,
      options.secondPaths,
    );

    this.nic = new Nic(this.scheduler, this.links, this.pci, this.costs, {
      engineMhz: nic.engineMhz,
      cardMemoryBytes: nic.cardMemoryMB * 1024 * 1024,
      maxConnections: nic.maxOffloadedConnections,
      queues: nicQueues(this.costs, scenario.link.mtu, nic.flowControl),
      macs: this.links.map((_, port) => localMac(port)),
    });
    this.architecture = ARCHITECTURE_MODULES[scenario.architecture].install(this);
    this.watchSmallQueues();
    this.windowWatch = new WindowWatch(this.scheduler, () => this.flows);
    this.dropLog = new DropLog(this);
  }

  /**
   * TCP Small Queues (profile linux, and the link peers, which run it): each stack learns
   * when a device takes one of its frames and when it frees it after sending.
   */
  private watchSmallQueues(): void {
    const host = this.hostTcp;
    if (profileRules(host.config.profile).limitOutputBytes > 0) {
      this.architecture.driver.txListeners.push({
        queued: (frame) => host.txQueued(frame),
        freed: (frame) => host.txFreed(frame),
      });
    }
    // A station's queue may carry another peer's frames (a second path): by source address.
    const stackOf = (frame: EthernetFrame) =>
      frame.etherType === 0x0800 ? this.peerTcp[portOfLocalIp(frame.ip.src)] : undefined;
    for (const device of this.peerPorts) {
      device.txListeners.push({
        queued: (frame) => stackOf(frame)?.txQueued(frame),
        freed: (frame) => stackOf(frame)?.txFreed(frame),
      });
    }
  }

  peerMac(port: number): Mac {
    return this.peers[port]!.macOf(0);
  }

  peerAnswers(port: number, mac: Mac): boolean {
    return this.bridges[port]!.answers(mac);
  }

  portOf(ip: Ipv4): number {
    return portOfLocalIp(ip);
  }

  /** Appends to the event log. */
  logEvent(kind: string, port: number, text: string): void {
    this.log.push({ timeNs: this.scheduler.now, kind, port, text });
  }

  /** Opens the workload's connections at the current time (after observers attach). */
  start(): void {
    const setup = {
      scenario: this.scenario,
      pattern: this.pattern,
      local: this.architecture.sockets,
      peers: this.peerTcp.map((t): SocketLayer => new DirectSocketLayer(t)),
      scheduler: this.scheduler,
    };
    switch (this.scenario.workload.kind) {
      case 'request-response':
        this.transactions = startRequestResponse(setup);
        break;
      case 'connection-churn':
        this.transactions = startChurn(setup);
        break;
      case 'udp-stream':
      case 'udp-rr':
        this.startUdp();
        break;
      default:
        this.flows = startWorkload(setup);
    }
    this.windowWatch.start();
  }

  /** The request-response, connection-churn or UDP workload, when the scenario runs one. */
  transactions: WorkloadRun | null = null;
  /** UDP's stacks and ledger, in a UDP workload (world/udp.ts); null otherwise. */
  udp: UdpWorld | null = null;

  private startUdp(): void {
    const udp = new UdpWorld(this);
    this.udp = udp;
    const setup = {
      scenario: this.scenario,
      pattern: this.pattern,
      scheduler: this.scheduler,
      udp,
      ports: this.links.length,
    };
    if (this.scenario.workload.kind === 'udp-stream') {
      this.transactions = startUdpStream(setup);
      return;
    }
    const rr = startUdpRr(setup);
    udp.ledger.onLost = (d) => rr.onLoss(d.payload);
    this.transactions = rr.run;
  }

  private addPeer(port: number, link: Link): void {
    const peer = new Host({
      scheduler: this.scheduler,
      name: `peer${port}`,
      random: new RandomStream(this.scenario.seed, `peer${port}.neigh`),
    });
    const peerIf = peer.addInterface({
      mac: peerMac(port),
      ip: peerIp(port),
      prefixLength: SUBNET_PREFIX,
      mtu: this.scenario.link.mtu,
      device: this.peerPort(port),
    });
    const bridge = new PeerBridge(link);
    bridge.attach(peer, peerIf);
    this.bridges.push(bridge);
    this.peers.push(peer);
    this.peerTcp.push(this.tcpFor(peer, `peer${port}`, 'linux'));
  }

  /** A new station on port `port`'s far side: its own queue onto the shared wire. */
  private peerPort(port: number): PeerPort {
    const limit = this.costs.txqueuelenLinux + this.costs.txDescriptors;
    const device = new PeerPort(this.links[port]!.rx, limit, this.scheduler);
    this.peerPorts.push(device);
    return device;
  }

  private tcpFor(host: Host, name: string, profile: TcpProfile): TcpStack {
    const t = this.scenario.tcp;
    const config: TcpConfig = {
      profile,
      // The peers run profile linux: the scenario's choice is the host's (and a 2.4
      // host's newreno must not become the peers' too).
      congestion: profile === t.profile ? t.congestion : undefined,
      timestamps: t.timestamps,
      sack: t.sack,
      windowScaling: t.windowScaling,
      delayedAck: t.delayedAck,
      nagle: t.nagle,
      sendBufferBytes: t.sendBufferKB * 1024,
      recvBufferBytes: t.recvBufferKB * 1024,
    };
    const stack = new TcpStack({
      scheduler: this.scheduler,
      lower: { output: (s, d, seg) => host.sendTcp(s, d, seg), mtuFor: (d) => host.mtuFor(d) },
      config,
      random: new RandomStream(this.scenario.seed, `${name}.tcp`),
      name,
    });
    host.setTransport({
      input: (src, dst, seg) => stack.input(src, dst, seg),
      pmtuChanged: (remote, mtu) => stack.pmtuChanged(remote, mtu),
    });
    return stack;
  }
}

/** txqueuelen as the profile's Linux sets it up. */
function txqueuelenOf(costs: Costs, profile: TcpProfile): number {
  switch (profile) {
    case 'linux-2.4':
      return costs.txqueuelenLinux24;
    case 'linux':
      return costs.txqueuelenLinux;
  }
}

/**
 * The card's FIFOs and rings: the driver splits the 8254x packet buffer by the largest
 * frame the MTU allows (e1000_reset: more transmit room for frames over 8 KB).
 */
function nicQueues(costs: Costs, mtu: number, flowControl: boolean): NicQueues {
  const jumbo = mtu + ETHERNET_OVERHEAD > JUMBO_FRAME_BYTES;
  const rxFifoBytes = jumbo ? costs.nicRxFifoJumboBytes : costs.nicRxFifoBytes;
  return {
    txFifoBytes: jumbo ? costs.nicTxFifoJumboBytes : costs.nicTxFifoBytes,
    rxFifoBytes,
    rxDescriptors: costs.rxDescriptors - 1,
    // e1000_reset: the water marks sit a fixed distance below the receive FIFO's size.
    flowControl: flowControl
      ? {
          highWaterBytes: rxFifoBytes - costs.pauseHighDiffBytes,
          lowWaterBytes: rxFifoBytes - costs.pauseLowDiffBytes,
          quanta: costs.pauseQuanta,
        }
      : null,
  };
}

/** e1000_reset repartitions the packet buffer for frames larger than this (E1000_RXBUFFER_8192). */
const JUMBO_FRAME_BYTES = 8192;
