import { Fifo, NumberFifo } from '../core/fifo.ts';
import type { Nanoseconds } from '../core/time.ts';
import type { NetDevice } from '../net/ip-layer.ts';
import type { TxPacket } from '../nic/tx-port.ts';
import { QueueGauge } from '../metrics/queue-gauge.ts';
import { headerBytes, isPureAck, tcpPayloadBytes } from '../wire/size.ts';
import type { EthernetFrame, UdpPacket } from '../wire/types.ts';
import type { Costs } from '../costs/cost-table.ts';
import { CycleBill } from './cpu.ts';
import { coreForPort, type Machine } from './machine.ts';
import { cpuReadDeviceDataTraffic, cpuWriteForDeviceTraffic } from './memory-traffic.ts';
import { Qdisc } from './qdisc.ts';
import type { TxListener } from '../net/tx-listener.ts';

export { headerBytes, isPureAck, tcpPayloadBytes } from '../wire/size.ts';

/** How the host's driver and the card split the transmit and receive work. */
export interface DriverMode {
  /**
   * The card checksums and cuts ≤ tsoMaxBytes super-segments into MSS frames (TSO): one
   * host TX cost per super-segment, and the payload sits in page buffers (scatter-gather)
   * the card reads separately from the headers.
   */
  tso: boolean;
  /** card-window: this frame's TCP payload already sits in card memory; only headers cross the bus. */
  payloadOnCard: (frame: EthernetFrame) => boolean;
}

export type { RxKind } from '../nic/rx-write-back.ts';
import type { RxKind, RxSink } from '../nic/rx-write-back.ts';

/** An interrupt's work: the frames it hands up and the sent packets it reclaims. */
interface RxJob {
  port: number;
  frames: EthernetFrame[];
  reclaimed: number;
}

/** A TX job: packets the CPU prepares in one pass, and where each goes at its end. */
interface TxJob {
  port: number;
  /** Packets that found descriptors (posted to the ring at the job's end). */
  post: PendingPacket[];
  /** Packets that did not (queued in the qdisc at the job's end). */
  queue: PendingPacket[];
}

/**
 * A packet being assembled from TCP's frames while it waits for the CPU; reused once the
 * card has written its descriptor back and the driver reclaimed it.
 */
class PendingPacket implements TxPacket {
  readonly frames: EthernetFrame[] = [];
  payloadBytes = 0;
  descriptors = 0;
  linear = false;
  payloadOnCard = false;
  /** Its connection (tcpFlowKey), or -1. */
  key = -1;
}

class TxState {
  readonly qdisc: Qdisc<PendingPacket>;
  /** Packets TCP handed down that wait for the next TX job. */
  pending: PendingPacket[] = [];
  /** The other of two arrays `pending` alternates with, so a job allocates none. */
  spare: PendingPacket[] = [];
  jobActive = false;
  /** Packets of the running job bound for the qdisc. */
  jobToQdisc = 0;
  /** Descriptors the driver may still fill (E1000_DESC_UNUSED: one slot stays empty). */
  ringFree = 0;
  /** Descriptors in use: posted and not yet reclaimed. */
  readonly ring: QueueGauge;
  /** netif_stop_queue: the ring could not take the next packet; woken at TX_QUEUE_WAKE free. */
  stopped = false;
  /** Posted packets in ring order (the oldest are reclaimed as the card writes them back). */
  readonly inRing = new Fifo<PendingPacket>();

  constructor(txqueuelen: number, descriptors: number) {
    this.qdisc = new Qdisc(txqueuelen);
    this.ringFree = descriptors - 1;
    this.ring = new QueueGauge(descriptors - 1);
  }
}

class RxState {
  /** Frames in host memory not yet handed up: each with when it landed and how. */
  readonly rx = new Fifo<EthernetFrame>();
  readonly rxAt = new NumberFifo();
  readonly rxHeaderOnly = new Fifo<boolean>();
  /** Buffers the host has processed and refilled but not yet handed back (RDT not yet written). */
  refilled = 0;
}

/** e1000's E1000_MAX_DATA_PER_TXD: one descriptor points at ≤ 4 KB. */
const MAX_DATA_PER_DESCRIPTOR = 4096;

/**
 * The host's NIC driver (e1000 as Linux 2.4 has it) for every port. Transmit: the qdisc
 * (`txqueuelen`) in front of a descriptor ring (`txDescriptors`); the queue stops when
 * the ring cannot take the next packet and wakes once E1000_TX_QUEUE_WAKE descriptors are
 * free again after the interrupt reclaims the written-back ones; each posted packet
 * writes the tail register (TDT) once, as e1000_xmit_frame does. Receive: frames the card
 * DMA'd into posted buffers are handed up at the next (moderated) interrupt, whose
 * handler first reads the interrupt cause register (ICR, an uncached MMIO read that
 * stalls the core); buffers go back to the card refilled, E1000_RX_BUFFER_WRITE at a time.
 */
export class HostDriver implements RxSink {
  private readonly tx: TxState[];
  private readonly rxs: RxState[];
  private readonly bill = new CycleBill();
  /** Reclaimed packets, reused. */
  private readonly packets: PendingPacket[] = [];
  /** Finished interrupt jobs, reused. */
  private readonly rxJobs: RxJob[] = [];
  /** Finished TX jobs, reused. */
  private readonly jobs: TxJob[] = [];
  private readonly devices: NetDevice[];
  /** Descriptors the largest packet can need: the ring must have that many for any packet. */
  private readonly maxDescriptors: number = 0;
  /** Told of every frame the driver takes and frees after sending (TSQ, UDP's send buffer). */
  readonly txListeners: TxListener[] = [];

  constructor(
    private readonly m: Machine,
    private readonly mode: DriverMode,
  ) {
    const c = m.costs;
    this.tx = m.links.map(() => new TxState(m.txqueuelen, c.txDescriptors));
    this.rxs = m.links.map(() => new RxState());
    this.maxDescriptors = mode.tso ? 2 + Math.ceil(c.tsoMaxBytes / MAX_DATA_PER_DESCRIPTOR) : 1;
    this.devices = m.links.map((_, port) => ({
      transmit: (f: EthernetFrame) => this.transmit(port, f),
    }));
  }

  device(port: number): NetDevice {
    return this.devices[port]!;
  }

  /** The port's qdisc (results: its depth and drops). */
  qdisc(port: number): Qdisc<TxPacket> {
    return this.tx[port]!.qdisc;
  }

  /** The port's transmit ring occupancy in descriptors. */
  txRing(port: number): QueueGauge {
    return this.tx[port]!.ring;
  }

  /**
   * dev_queue_xmit: TCP (or ARP) hands down a frame. With TSO a data frame that continues
   * the packet before it joins that super-segment (one skb). A new packet is refused —
   * NET_XMIT_DROP, TCP enters CWR — when the packets ahead of it that will find no
   * descriptor already fill the qdisc: those waiting for the CPU and those in the qdisc,
   * beyond what the ring's free descriptors can take even if every packet were as large
   * as a packet can be (none while the queue is stopped), so the qdisc never holds more
   * than txqueuelen.
   */
  transmit(port: number, frame: EthernetFrame): boolean {
    const st = this.tx[port]!;
    const payload = tcpPayloadBytes(frame);
    const key = payload > 0 && frame.etherType === 0x0800 ? tcpFlowKey(frame) : -1;
    // Not pending[length - 1] on an empty array: key -1 is a named property, and that one
    // load made the site megamorphic.
    const last = st.pending.length > 0 ? st.pending[st.pending.length - 1] : undefined;
    if (
      this.mode.tso &&
      key >= 0 &&
      last !== undefined &&
      last.key === key &&
      last.payloadBytes + payload <= this.m.costs.tsoMaxBytes
    ) {
      last.frames.push(frame);
      last.payloadBytes += payload;
      last.descriptors = this.descriptorsFor(last.frames[0]!, last.payloadBytes);
      this.queued(frame);
      return true;
    }
    const ahead = st.pending.length + st.qdisc.length + st.jobToQdisc;
    // A stopped queue takes nothing until it wakes, whatever the ring has free.
    const ringRoom = st.stopped ? 0 : Math.floor(st.ringFree / this.maxDescriptors);
    if (ahead >= st.qdisc.limit + ringRoom) {
      st.qdisc.refuse();
      return false;
    }
    // Linux 2.4 builds a UDP frame in one linear buffer with no checksum context
    // (ip_build_xmit): one descriptor, whatever the card could do.
    const udp = isUdp(frame);
    const packet = this.packets.pop() ?? new PendingPacket();
    packet.frames.push(frame);
    packet.payloadBytes = payload;
    packet.descriptors = udp ? 1 : this.descriptorsFor(frame, payload);
    packet.linear = udp || !this.mode.tso;
    packet.payloadOnCard = payload > 0 && this.mode.payloadOnCard(frame);
    packet.key = key;
    st.pending.push(packet);
    this.queued(frame);
    if (!st.jobActive) this.startTxJob(port);
    return true;
  }

  private queued(frame: EthernetFrame): void {
    const listeners = this.txListeners;
    for (let l = 0; l < listeners.length; l++) listeners[l]!.queued(frame);
  }

  /**
   * Descriptors one packet occupies: a linear skb (no scatter-gather) one; with checksum
   * offload and TSO a context descriptor, one for the header and one per ≤ 4 KB of payload
   * (e1000_tso / e1000_tx_map); with the payload on the card, context and header only.
   */
  private descriptorsFor(first: EthernetFrame, payload: number): number {
    if (!this.mode.tso) return 1;
    if (payload === 0 || this.mode.payloadOnCard(first)) return 2;
    return 2 + Math.ceil(payload / MAX_DATA_PER_DESCRIPTOR);
  }

  /**
   * A TX job on the port's core: net_tx_action's qdisc run (packets the qdisc held, once
   * the queue is awake) and then what TCP handed down since the last job, each paying TCP,
   * IP and device work; a packet that finds descriptors pays their set-up and the doorbell
   * (TDT write), the rest wait in the qdisc, and the queue stops.
   */
  private startTxJob(port: number): void {
    const st = this.tx[port]!;
    const now = this.m.scheduler.now;
    const c = this.m.costs;
    const bill = this.bill.clear();
    const job = this.jobs.pop() ?? { port, post: [], queue: [] };
    job.port = port;
    for (let p = st.qdisc.peek(); p !== undefined && this.fits(st, p); p = st.qdisc.peek()) {
      this.take(st, st.qdisc.dequeue(now)!, job);
    }
    const pending = st.pending;
    st.pending = st.spare;
    st.spare = pending;
    for (let k = 0; k < pending.length; k++) {
      const p = pending[k]!;
      bill.add('protocol', txCycles(p.frames[0]!, c));
      // TCP/IP builds the packet's headers in the skb the card will read.
      bill.addMemory(cpuWriteForDeviceTraffic(c, headerBytes(p.frames[0]!)));
      if (st.qdisc.length === 0 && job.queue.length === 0 && this.fits(st, p)) {
        this.take(st, p, job);
      } else {
        st.stopped = true;
        job.queue.push(p);
      }
    }
    empty(pending);
    if (job.post.length === 0 && job.queue.length === 0) {
      this.jobs.push(job);
      return;
    }
    st.jobActive = true;
    st.jobToQdisc = job.queue.length;
    this.m.cpu.run(coreForPort(this.m, port), bill, this.txJobDone, job);
  }

  /** The ring has descriptors for `p` and the queue is not stopped. */
  private fits(st: TxState, p: TxPacket): boolean {
    return !st.stopped && p.descriptors <= st.ringFree;
  }

  /** `p` takes its descriptors and is posted at the job's end (set-up and doorbell paid). */
  private take(st: TxState, p: PendingPacket, job: TxJob): void {
    const c = this.m.costs;
    st.ringFree -= p.descriptors;
    this.bill.add('driver', c.descriptorSetupCycles * p.descriptors + c.doorbellCycles);
    this.bill.addMemory(cpuWriteForDeviceTraffic(c, p.descriptors * c.descriptorBytes));
    job.post.push(p);
  }

  private readonly txJobDone = (job: TxJob, now: Nanoseconds): void => {
    const port = job.port;
    const st = this.tx[port]!;
    const txPort = this.m.nic.tx[port]!;
    for (const p of job.post) {
      st.inRing.push(p);
      st.ring.add(p.descriptors, now);
      this.m.pci.mmioWrite(now, 'doorbell');
      txPort.post(p);
    }
    for (const p of job.queue) {
      // Cannot fail: admission left room for every packet that finds no descriptor.
      if (!st.qdisc.enqueue(p, now)) throw new Error('qdisc overflow');
    }
    empty(job.post);
    empty(job.queue);
    this.jobs.push(job);
    st.jobActive = false;
    st.jobToQdisc = 0;
    if (st.pending.length > 0 || (!st.stopped && st.qdisc.length > 0)) this.startTxJob(port);
  };

  /** The card put a received frame (or its headers) in host memory at `at`. */
  received(port: number, frame: EthernetFrame, at: Nanoseconds, kind: RxKind): void {
    const rs = this.rxs[port]!;
    rs.rx.push(frame);
    rs.rxAt.push(at);
    rs.rxHeaderOnly.push(kind === 'header');
    this.m.nic.interrupts[port]!.request(at);
  }

  /**
   * Interrupt service: read ICR (the core stalls for the uncached read), take what the
   * card delivered and reclaim what it sent, pay for it, then hand the frames up, give the
   * refilled buffers back and wake the transmit queue.
   */
  interrupt(port: number, now: Nanoseconds): void {
    const rs = this.rxs[port]!;
    const c = this.m.costs;
    const core = coreForPort(this.m, port);
    const { cpu, pci } = this.m;
    cpu.stall(core, Math.max(0, pci.mmioRead(now, 'register') - now), 'interrupt');
    const job = this.rxJobs.pop() ?? { port, frames: [], reclaimed: 0 };
    job.port = port;
    const taken = job.frames;
    const bill = this.bill.clear();
    bill.add('interrupt', c.interruptCycles);
    for (let at = rs.rxAt.peek(); at <= now; at = rs.rxAt.peek()) {
      rs.rxAt.shift();
      const frame = rs.rx.shift()!;
      bill.add('protocol', rxCycles(frame, rs.rxHeaderOnly.shift()! ? 'header' : 'frame', c));
      bill.add('driver', c.descriptorSetupCycles);
      // The descriptor's status and the headers were written by DMA: reading them misses.
      bill.addMemory(
        cpuReadDeviceDataTraffic(c, c.rxDescriptorBytes) +
          cpuReadDeviceDataTraffic(c, headerBytes(frame)),
      );
      taken.push(frame);
    }
    const reclaimed = this.m.nic.tx[port]!.takeWrittenBack(now);
    job.reclaimed = reclaimed;
    bill.add('driver', c.txCompletionCycles * reclaimed);
    bill.addMemory(reclaimed * cpuReadDeviceDataTraffic(c, c.descriptorBytes));
    cpu.run(core, bill, this.interruptDone, job);
    if (rs.rxAt.length > 0) this.m.nic.interrupts[port]!.request(rs.rxAt.peek());
  }

  private readonly interruptDone = (job: RxJob, now: Nanoseconds): void => {
    const { port, frames, reclaimed } = job;
    const st = this.tx[port]!;
    const listeners = this.txListeners;
    for (let i = 0; i < reclaimed; i++) {
      const p = st.inRing.shift()!;
      st.ringFree += p.descriptors;
      st.ring.add(-p.descriptors, now);
      for (let l = 0; l < listeners.length; l++) {
        for (let f = 0; f < p.frames.length; f++) listeners[l]!.freed(p.frames[f]!);
      }
      // Written back: the card is done with it.
      empty(p.frames);
      this.packets.push(p);
    }
    if (st.stopped && st.ringFree >= this.m.costs.txQueueWakeDescriptors) {
      st.stopped = false;
      if (!st.jobActive && st.qdisc.length > 0) this.startTxJob(port);
    }
    const n = frames.length;
    for (let i = 0; i < n; i++) this.m.host.receive(port, frames[i]!);
    empty(frames);
    this.rxJobs.push(job);
    this.refill(port, n, now);
  };

  /** Buffers go back to the card in batches (one RDT write each), as e1000_alloc_rx_buffers. */
  private refill(port: number, n: number, now: Nanoseconds): void {
    const rs = this.rxs[port]!;
    rs.refilled += n;
    const batch = this.m.costs.rxRefillBatch;
    if (rs.refilled < batch) return;
    const give = rs.refilled - (rs.refilled % batch);
    rs.refilled -= give;
    this.m.cpu.charge(
      coreForPort(this.m, port),
      this.bill.clear().add('driver', this.m.costs.doorbellCycles),
    );
    this.m.pci.mmioWrite(now, 'doorbell');
    this.m.nic.rx[port]!.giveDescriptors(give, now);
  }
}

/**
 * Empties a reused array but keeps its backing store: `length = 0` drops it, so the next
 * push allocated a new one — per packet, job and interrupt (about 10 % of the bytes a
 * host-stack run allocates).
 */
function empty(items: unknown[]): void {
  while (items.length > 0) items.pop();
}

function isUdp(frame: EthernetFrame): frame is EthernetFrame & { ip: UdpPacket } {
  return frame.etherType === 0x0800 && frame.ip.protocol === 17;
}

/**
 * Host work to send one packet: TCP's fitted per-segment (or ACK) figure; for UDP only
 * the per-frame part, its per-datagram work being charged at sendmsg (host/udp-sockets.ts).
 */
function txCycles(frame: EthernetFrame, c: Costs): number {
  if (isUdp(frame)) return c.udpTxFrameCycles;
  return isPureAck(frame) ? c.ackTxCycles : c.txPerPacketCycles;
}

/** Host work per received frame (whole, or headers only); UDP's per-datagram work comes later. */
function rxCycles(frame: EthernetFrame, kind: RxKind, c: Costs): number {
  if (isUdp(frame)) {
    return c.udpRxFrameCycles + (frame.ip.fragment !== null ? c.ipFragmentRxCycles : 0);
  }
  if (kind === 'header') return c.rxHeaderOnlyCycles;
  return isPureAck(frame) ? c.ackRxCycles : c.rxPerPacketCycles;
}

/** A TCP frame's connection as the driver groups it: source and destination ports. */
function tcpFlowKey(frame: EthernetFrame): number {
  if (frame.etherType !== 0x0800 || frame.ip.protocol !== 6) return -1;
  return frame.ip.tcp.srcPort * 65536 + frame.ip.tcp.dstPort;
}
