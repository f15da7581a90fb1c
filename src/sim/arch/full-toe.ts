import { RandomStream } from '../core/random.ts';
import { DelayLine } from '../core/delay-line.ts';
import { Fifo } from '../core/fifo.ts';
import type { Nanoseconds } from '../core/time.ts';
import { HostDriver } from '../host/driver.ts';
import { Host } from '../host/host.ts';
import { HostSocketLayer } from '../host/sockets.ts';
import { CHECKSUM_UDP } from '../host/udp-sockets.ts';
import type { SyncResult } from '../metrics/results.ts';
import type { TcpConnection } from '../tcp/connection.ts';
import { TcpStack } from '../tcp/stack.ts';
import type { NeighbourTable } from '../net/neighbour-table.ts';
import type { CardTxSource } from '../nic/tx-port.ts';
import type { RxTiming } from '../nic/nic.ts';
import { frameWireBytes, isPureAck, tcpPayloadBytes } from '../wire/size.ts';
import {
  ETHERTYPE_IPV4,
  ZERO_MAC,
  type EthernetFrame,
  type Ipv4,
  type Ipv4Packet,
} from '../wire/types.ts';
import type { Architecture } from './architecture.ts';
import { CardFilter } from './card-filter.ts';
import { ToeSocket, ToeSocketLayer } from './full-toe-sockets.ts';
import type { AppSocket } from '../app/socket.ts';
import { attachDriver } from './host-stack.ts';
import type { Machine } from '../host/machine.ts';
import { frameFlowKey, outgoingFlowKey, receiveWholeFrame } from './paths.ts';
import { SyncLedger } from './sync/ledger.ts';
import { createSyncStrategy, type SyncStrategy } from './sync/strategy.ts';

/**
 * Complete TCP offload behind an AF_INET socket switch: the card runs TCP (state,
 * timers, ACKs, retransmission from card memory) with its own IP layer and ARP cache;
 * the host posts user buffers (pinned pages) and the card DMAs payload to and from them.
 * A connection that does not fit on the card (table or memory) stays on the host stack.
 */
export const fullToe: Architecture = {
  id: 'full-toe',
  title: 'Full TOE',
  placement: {
    txCopy: 'none: card DMAs from pinned user pages',
    txSegmentation: 'card',
    txChecksum: 'card',
    retransmitFrom: 'card memory',
    tcpState: 'card',
    rxClassify: 'card',
    rxChecksum: 'card',
    rxReassembly: 'card memory',
    rxCopy: 'none when a read is posted',
    arpAndRoutes: 'card shadow copy',
    netfilterSees: 'nothing of offloaded connections',
    udp: 'not offloaded: the host path (the card classifies and checksums, as for fallbacks)',
  },
  install(m: Machine) {
    return new ToeEngine(m);
  },
};

/** The card side of full-toe: its IP layer, its TCP, and the sockets over them. */
export class ToeEngine {
  readonly card: Host;
  readonly cardTcp: TcpStack;
  readonly sockets: ToeSocketLayer;
  /** Card connections by flow key: frames for them never reach the host. */
  readonly flows = new Map<number, ToeSocket>();
  private readonly cardInput: DelayLine<{ port: number; frame: EthernetFrame }>;
  /** Sends whose payload the card has fetched from user pages (read DMAs complete in order). */
  readonly txFetched: DelayLine<{ socket: ToeSocket; chunk: Uint8Array }>;
  /** Receives whose payload the card has written into the user buffer. */
  readonly rxPlaced: DelayLine<{ socket: ToeSocket; bytes: number }>;
  /** Receive completions waiting for the port's next interrupt. */
  private completions: { socket: ToeSocket; bytes: number }[][];
  /** Connections whose state the engine has set up: the card sends their SYN. */
  readonly opened: DelayLine<TcpConnection>;
  /** Who writes the card's ARP entries (DESIGN.md §5), and what it measured. */
  readonly sync: SyncStrategy;
  readonly syncLedger: SyncLedger;
  /** Peers of offloaded connections: the destinations whose card routes matter. */
  private readonly remotes = new Set<Ipv4>();
  /** What the card does about the host's filter rules (`filter.policy`). */
  readonly cardFilter: CardFilter;
  /** Per port: segments the card's TCP has decided to send, framed when the TX FIFO has room. */
  private readonly txQueues: CardTxQueue[];

  /** The host's driver: fallback connections, ARP and ICMP still go through it. */
  readonly driver: HostDriver;
  /** UDP is not offloaded: the host path, with the card's checksum offload. */
  readonly udp = CHECKSUM_UDP;

  constructor(readonly m: Machine) {
    const driver = new HostDriver(m, { tso: true, payloadOnCard: () => false });
    this.driver = driver;
    attachDriver(m, driver);
    this.card = new Host({
      scheduler: m.scheduler,
      name: 'card',
      random: new RandomStream(m.scenario.seed, 'card.neigh'),
    });
    m.links.forEach((_, port) => {
      this.card.addInterface({
        mac: m.host.macOf(port),
        ip: m.host.addressOf(port),
        prefixLength: 24,
        mtu: m.scenario.link.mtu,
        device: { transmit: (frame) => this.cardTransmit(port, frame) },
      });
    });
    this.cardTcp = new TcpStack({
      scheduler: m.scheduler,
      lower: {
        output: (s, d, seg) => this.card.sendTcp(s, d, seg),
        mtuFor: (d) => this.card.mtuFor(d),
      },
      config: m.hostTcp.config,
      random: new RandomStream(m.scenario.seed, 'card.tcp'),
      name: 'card',
    });
    this.card.setTransport({
      input: (src, dst, seg) => this.cardTcp.input(src, dst, seg),
      pmtuChanged: (remote, mtu) => this.cardTcp.pmtuChanged(remote, mtu),
    });
    this.cardFilter = new CardFilter(m);
    const host = (port: number): NeighbourTable<Ipv4Packet> => m.host.neighbours(port);
    const card = (port: number): NeighbourTable<Ipv4Packet> => this.card.neighbours(port);
    // A departing TCP frame of a connection the card holds was built by the card.
    this.syncLedger = new SyncLedger(
      m,
      m.scenario.sync.strategy,
      host,
      card,
      (frame) => this.flows.has(outgoingFlowKey(frame)) || this.inCardTimeWait(frame, 'out'),
    );
    this.syncLedger.watchRoutes(m.host, this.card, this.remotes);
    this.sync = createSyncStrategy(m.scenario.sync.strategy, {
      m,
      cardHost: this.card,
      ledger: this.syncLedger,
      host,
      card,
    });
    this.cardInput = new DelayLine(m.scheduler, 'toe.input', (e) =>
      this.card.receive(e.port, e.frame),
    );
    this.txFetched = new DelayLine(m.scheduler, 'toe.tx-fetched', (e) => e.socket.fetched(e.chunk));
    // A receive completion reaches the host as an interrupt, moderated like the others.
    this.rxPlaced = new DelayLine(m.scheduler, 'toe.rx-placed', (e, now) => {
      this.completions[e.socket.portIndex]!.push(e);
      m.nic.interrupts[e.socket.portIndex]!.request(now);
    });
    this.completions = m.links.map(() => []);
    const service = m.nic.interruptService;
    m.nic.interruptService = (port, now) => {
      service(port, now);
      const done = this.completions[port]!;
      this.completions[port] = [];
      for (const e of done) e.socket.placed(e.bytes);
    };
    this.opened = new DelayLine(m.scheduler, 'toe.opened', (tcp) => {
      if (tcp.state === 'CLOSED') tcp.openActive();
    });
    m.nic.rxHandler = (port, frame, now, out) => this.receive(port, frame, now, driver, out);
    this.txQueues = m.links.map((_, port) => {
      const queue = new CardTxQueue(this, port);
      m.nic.tx[port]!.card = queue;
      return queue;
    });
    this.sockets = new ToeSocketLayer(
      this,
      new HostSocketLayer(m, () => ({ tx: 'copy', rx: 'copy' })),
    );
  }

  offloaded(socket: AppSocket): boolean {
    // A connection that did not fit, or that the filter kept on the host, got a HostSocket.
    return socket instanceof ToeSocket;
  }

  cardNeighbours(port: number): NeighbourTable<Ipv4Packet> {
    return this.card.neighbours(port);
  }

  /** A host capture (tcpdump) sees a connection only where the host's IP layer carries it. */
  hostCaptureSees(socket: AppSocket): boolean {
    return !this.offloaded(socket);
  }

  syncResult(now: Nanoseconds): SyncResult {
    return { ...this.syncLedger.result(now), policyViolations: this.cardFilter.violations.total() };
  }

  /** A connection to `remote` moves to the card: its next hop's entry must be there. */
  offloading(port: number, remote: Ipv4): void {
    this.remotes.add(remote);
    const route = this.card.routes.lookup(remote);
    if (route === null) {
      this.sync.track(port, remote);
      return;
    }
    this.sync.track(route.interfaceIndex, route.nextHop === 0 ? remote : route.nextHop);
  }

  /**
   * The card's TCP sends a segment: it waits in card memory, with the rest of the window,
   * until the port's transmit FIFO has room; only then does the engine build the frame
   * (CardTxQueue). The card's filter checks it on the way in (push-to-card).
   */
  private cardTransmit(port: number, frame: EthernetFrame): boolean {
    if (frame.etherType === ETHERTYPE_IPV4) {
      const verdict = this.cardFilter.check('out', frame.ip);
      if (verdict.cycles > 0) this.m.nic.engine.reserve(this.m.scheduler.now, verdict.cycles);
      if (verdict.drop) return true; // dropped on the card, as a host filter drops: lost
    }
    this.txQueues[port]!.push(frame);
    return true;
  }

  /**
   * The frame's Ethernet header as the card builds it now, from its own neighbour table:
   * a segment queued before an ARP change leaves with the new MAC once the card knows it.
   */
  buildHeader(port: number, frame: EthernetFrame): EthernetFrame {
    if (frame.etherType !== ETHERTYPE_IPV4) return frame;
    const route = this.card.routes.lookup(frame.ip.dst);
    const hop = route === null || route.nextHop === 0 ? frame.ip.dst : route.nextHop;
    const entry = this.card.neighbours(route?.interfaceIndex ?? port).lookup(hop);
    // An entry that is resolving (or failed) has no MAC yet: the frame keeps the one it had.
    if (entry === undefined || entry.mac === ZERO_MAC || entry.mac === frame.dst) return frame;
    return { ...frame, dst: entry.mac };
  }

  /** The engine's work to build one frame: TCP segment or ACK, plus the MAC's. */
  segmentCycles(frame: EthernetFrame): number {
    const c = this.m.costs;
    return (tcpPayloadBytes(frame) > 0 ? c.toeSegmentCycles : c.toeAckCycles) + c.cardFrameCycles;
  }

  /**
   * A TCP frame of a connection the card's stack holds in TIME_WAIT: its socket is gone
   * from the flow table, the card still answers for the pair until the wait ends.
   */
  private inCardTimeWait(frame: EthernetFrame, direction: 'in' | 'out'): boolean {
    if (frame.etherType !== ETHERTYPE_IPV4 || frame.ip.protocol !== 6) return false;
    const tw = this.cardTcp.timeWait;
    if (tw.size === 0) return false;
    const { ip } = frame;
    return direction === 'in'
      ? tw.lookup(ip.src, ip.tcp.dstPort, ip.tcp.srcPort) !== undefined
      : tw.lookup(ip.dst, ip.tcp.srcPort, ip.tcp.dstPort) !== undefined;
  }

  private receive(
    port: number,
    frame: EthernetFrame,
    now: Nanoseconds,
    driver: HostDriver,
    out: RxTiming,
  ): boolean {
    const c = this.m.costs;
    if (this.flows.has(frameFlowKey(frame)) || this.inCardTimeWait(frame, 'in')) {
      const cycles = isPureAck(frame) ? c.toeAckCycles : c.toeSegmentCycles;
      // frameFlowKey matched, so this is IPv4 TCP; a frame the card drops gets no TCP work.
      const verdict =
        frame.etherType === ETHERTYPE_IPV4 ? this.cardFilter.check('in', frame.ip) : null;
      let done: Nanoseconds;
      if (verdict?.drop === true) {
        done = this.m.nic.engine.reserve(now, c.cardFrameCycles + verdict.cycles);
      } else {
        const filterCycles = verdict?.cycles ?? 0;
        done = this.m.nic.engine.reserve(now, c.cardFrameCycles + cycles + filterCycles);
        this.cardInput.push({ port, frame }, done);
      }
      // The engine has the frame (in card memory): its FIFO space is free.
      out.releaseAt = done;
      return true;
    }
    // Everything else goes to the host; with no buffer posted it waits at the FIFO's head.
    if (this.m.nic.rx[port]!.descriptors === 0) return false;
    // ICMP errors (PMTU) reach the card under every strategy; ARP only under card-arp.
    if (this.sync.snoops(frame)) {
      this.cardInput.push({ port, frame }, this.m.nic.engine.reserve(now, c.cardFrameCycles));
    }
    return receiveWholeFrame(this.m, driver, port, frame, now, c.cardFrameCycles, out);
  }
}

/**
 * One port's segments waiting in card memory for the transmit FIFO (full-toe): the card's
 * TCP decides what to send, the engine builds each frame — its MAC from the card's
 * neighbour table at that moment — only when the FIFO can take it, so what leaves on an
 * old MAC after an ARP change is bounded by the FIFO, not by the window.
 */
class CardTxQueue implements CardTxSource {
  private readonly frames = new Fifo<EthernetFrame>();

  constructor(
    private readonly engine: ToeEngine,
    private readonly port: number,
  ) {}

  push(frame: EthernetFrame): void {
    this.frames.push(frame);
    if (this.frames.length === 1) this.engine.m.nic.tx[this.port]!.wake();
  }

  nextBytes(): number {
    const frame = this.frames.peek();
    return frame === undefined ? -1 : frameWireBytes(frame);
  }

  build(now: Nanoseconds): { frame: EthernetFrame; readyAt: Nanoseconds } {
    const e = this.engine;
    const frame = e.buildHeader(this.port, this.frames.shift()!);
    e.syncLedger.cardSent(frame);
    return { frame, readyAt: e.m.nic.engine.reserve(now, e.segmentCycles(frame)) };
  }
}
