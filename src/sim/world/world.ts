import { DirectSocketLayer } from '../app/socket.ts';
import { PayloadPattern } from '../app/stream.ts';
import { RandomStream } from '../core/random.ts';
import { Scheduler } from '../core/scheduler.ts';
import { Host } from '../host/host.ts';
import { Link } from '../link/link.ts';
import { LinkEvents } from '../link/link-events.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { TcpConfig, TcpProfile } from '../tcp/config.ts';
import { TcpStack } from '../tcp/stack.ts';
import { localIp, localMac, peerIp, peerMac, SUBNET_PREFIX } from './addresses.ts';
import { startWorkload, type Flow } from './flows.ts';

/**
 * Everything one simulation run owns — no module-level state, so several worlds (one
 * per architecture in a comparison) run side by side.
 *
 * The local host has one interface per NIC port; each port is wired by a full-duplex
 * link to a link peer, a remote host running the same TCP with the `linux` profile.
 * In this version the local host's CPU, memory bus, PCI-X bus and NIC cost nothing:
 * the host's devices are the links themselves. The cost model replaces each device
 * with the NIC model (`host.setDevice`) without touching TCP or IP.
 */
export class World {
  readonly scheduler = new Scheduler();
  readonly local: Host;
  readonly localTcp: TcpStack;
  readonly peers: Host[] = [];
  readonly peerTcp: TcpStack[] = [];
  readonly links: Link[] = [];
  readonly linkEvents: LinkEvents[] = [];
  flows: Flow[] = [];
  private readonly pattern: PayloadPattern;

  constructor(readonly scenario: Scenario) {
    const { seed } = scenario;
    this.pattern = new PayloadPattern(seed);
    this.local = new Host({
      scheduler: this.scheduler,
      name: 'host',
      random: new RandomStream(seed, 'host.neigh'),
    });
    this.localTcp = this.tcpFor(this.local, 'host', scenario.tcp.profile);

    for (let port = 0; port < scenario.nic.ports; port++) {
      const link = new Link({
        scheduler: this.scheduler,
        name: `port${port}`,
        mbps: scenario.nic.portSpeedMbps,
        rttUs: scenario.link.rttUs,
        lossRate: scenario.link.lossRate,
        seed,
      });
      this.links.push(link);
      this.linkEvents.push(new LinkEvents(link));

      const ifIndex = this.local.addInterface({
        mac: localMac(port),
        ip: localIp(port),
        prefixLength: SUBNET_PREFIX,
        mtu: scenario.link.mtu,
        device: link.endpoint('a'),
      });
      link.attach('a', (frame) => this.local.receive(ifIndex, frame));

      const peer = new Host({
        scheduler: this.scheduler,
        name: `peer${port}`,
        random: new RandomStream(seed, `peer${port}.neigh`),
      });
      const peerIf = peer.addInterface({
        mac: peerMac(port),
        ip: peerIp(port),
        prefixLength: SUBNET_PREFIX,
        mtu: scenario.link.mtu,
        device: link.endpoint('b'),
      });
      link.attach('b', (frame) => peer.receive(peerIf, frame));
      this.peers.push(peer);
      this.peerTcp.push(this.tcpFor(peer, `peer${port}`, 'linux'));
    }
  }

  /** Opens the workload's connections at the current time (after observers attach). */
  start(): void {
    this.flows = startWorkload({
      scenario: this.scenario,
      pattern: this.pattern,
      local: new DirectSocketLayer(this.localTcp),
      peers: this.peerTcp.map((t) => new DirectSocketLayer(t)),
    });
  }

  private tcpFor(host: Host, name: string, profile: TcpProfile): TcpStack {
    const t = this.scenario.tcp;
    const config: TcpConfig = {
      profile,
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
