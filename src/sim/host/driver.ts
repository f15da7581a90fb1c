import { coreForPort, type Machine } from './machine.ts';
import type { Nanoseconds } from '../core/time.ts';
import type { NetDevice } from '../net/ip-layer.ts';
import { ARP_LENGTH, ipTotalLength } from '../wire/size.ts';
import { TcpFlag, type EthernetFrame } from '../wire/types.ts';
import { CycleBill } from './cpu.ts';

/** How the host's driver and the card split the transmit and receive work. */
export interface DriverMode {
  /** The card cuts ≤ 64 KB super-segments into MSS frames (TSO): one host TX cost per group. */
  tso: boolean;
  /** card-window: this frame's TCP payload already sits in card memory; only headers cross the bus. */
  payloadOnCard: (frame: EthernetFrame) => boolean;
}

/** Largest TSO super-segment (Linux GSO_MAX_SIZE). */
export const TSO_MAX_BYTES = 65_536;

/** How a received frame reached host memory: whole, or its headers only (header/data split). */
export type RxKind = 'frame' | 'header';

interface RxEntry {
  frame: EthernetFrame;
  at: Nanoseconds;
  kind: RxKind;
}

/** A TX job: the frames the CPU prepares in one pass, grouped as the card will fetch them. */
interface TxBatch {
  port: number;
  frames: EthernetFrame[];
  /** Index of the first frame of each group, and the group's payload bytes. */
  groupStarts: number[];
  groupPayload: number[];
}

class PortState {
  pending: EthernetFrame[] = [];
  jobActive = false;
  rx: RxEntry[] = [];
  rxHead = 0;
  txCompletions = 0;
}

export function tcpPayloadBytes(frame: EthernetFrame): number {
  return frame.etherType === 0x0800 && frame.ip.protocol === 6 ? frame.ip.tcp.payload.length : 0;
}

export function isPureAck(frame: EthernetFrame): boolean {
  if (frame.etherType !== 0x0800 || frame.ip.protocol !== 6) return false;
  const seg = frame.ip.tcp;
  return seg.payload.length === 0 && seg.flags === TcpFlag.ACK;
}

/** Bytes of the frame before the TCP payload: Ethernet, IP and TCP headers. */
export function headerBytes(frame: EthernetFrame): number {
  const body = frame.etherType === 0x0800 ? ipTotalLength(frame.ip) : ARP_LENGTH;
  return ETHERNET_HEADER + body - tcpPayloadBytes(frame);
}

/** Ethernet header without FCS: what DMA moves of the link layer. */
const ETHERNET_HEADER = 14;

/**
 * The host's NIC driver (e1000-like) for every port: transmit descriptors, doorbells,
 * the receive ring and interrupt service, with their CPU and bus costs.
 */
export class HostDriver {
  private readonly ports: PortState[];
  private readonly bill = new CycleBill();
  private readonly devices: NetDevice[];

  constructor(
    private readonly m: Machine,
    private readonly mode: DriverMode,
  ) {
    this.ports = m.links.map(() => new PortState());
    this.devices = m.links.map((_, port) => ({
      transmit: (f: EthernetFrame) => this.transmit(port, f),
    }));
  }

  device(port: number): NetDevice {
    return this.devices[port]!;
  }

  transmit(port: number, frame: EthernetFrame): void {
    const st = this.ports[port]!;
    st.pending.push(frame);
    if (!st.jobActive) this.startTxJob(port);
  }

  private startTxJob(port: number): void {
    const st = this.ports[port]!;
    const frames = st.pending;
    st.pending = [];
    st.jobActive = true;
    const batch = this.group(port, frames);
    const c = this.m.costs;
    const bill = this.bill.clear();
    for (let g = 0; g < batch.groupStarts.length; g++) {
      const first = frames[batch.groupStarts[g]!]!;
      bill.add('protocol', isPureAck(first) ? c.ackTxCycles : c.txPerPacketCycles);
      bill.add('driver', c.descriptorSetupCycles);
    }
    bill.add('driver', c.doorbellCycles);
    this.m.cpu.run(coreForPort(this.m, port), bill, this.txJobDone, batch);
  }

  /** Frames of one connection in a row go out as one super-segment when the card does TSO. */
  private group(port: number, frames: EthernetFrame[]): TxBatch {
    const batch: TxBatch = { port, frames, groupStarts: [], groupPayload: [] };
    let lastKey = -1;
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      const payload = tcpPayloadBytes(f);
      const g = batch.groupStarts.length - 1;
      const key =
        payload > 0 && f.etherType === 0x0800 && f.ip.protocol === 6
          ? f.ip.tcp.srcPort * 65536 + f.ip.tcp.dstPort
          : -2;
      if (
        this.mode.tso &&
        key >= 0 &&
        key === lastKey &&
        batch.groupPayload[g]! + payload <= TSO_MAX_BYTES
      ) {
        batch.groupPayload[g]! += payload;
      } else {
        batch.groupStarts.push(i);
        batch.groupPayload.push(payload);
      }
      lastKey = key;
    }
    return batch;
  }

  private readonly txJobDone = (batch: TxBatch, now: Nanoseconds): void => {
    const { pci, nic, costs } = this.m;
    const dev = nic.deviceFor(batch.port);
    pci.mmioWrite(now, 'doorbell');
    const { frames, groupStarts, groupPayload } = batch;
    for (let g = 0; g < groupStarts.length; g++) {
      const start = groupStarts[g]!;
      const end = g + 1 < groupStarts.length ? groupStarts[g + 1]! : frames.length;
      let ready = pci.dmaRead(now, dev, costs.descriptorBytes, 'descriptor');
      ready = pci.dmaRead(ready, dev, headerBytes(frames[start]!), 'header');
      if (groupPayload[g]! > 0 && !this.mode.payloadOnCard(frames[start]!)) {
        ready = pci.dmaRead(ready, dev, groupPayload[g]!, 'payload');
      }
      for (let i = start; i < end; i++)
        nic.sendToWire(batch.port, frames[i]!, ready, costs.cardFrameCycles);
      // Descriptor write-back, then the host frees the buffer at the next interrupt.
      pci.dmaWrite(ready, dev, costs.descriptorBytes, 'descriptor');
      this.ports[batch.port]!.txCompletions++;
      nic.interrupts[batch.port]!.request(ready);
    }
    const st = this.ports[batch.port]!;
    st.jobActive = false;
    if (st.pending.length > 0) this.startTxJob(batch.port);
  };

  /** The card put a received frame (or its headers) in host memory at `at`. */
  received(port: number, frame: EthernetFrame, at: Nanoseconds, kind: RxKind): void {
    this.ports[port]!.rx.push({ frame, at, kind });
    this.m.nic.interrupts[port]!.request(at);
  }

  /** Interrupt service: the host takes what the card delivered, pays for it, hands it up. */
  interrupt(port: number, now: Nanoseconds): void {
    const st = this.ports[port]!;
    const c = this.m.costs;
    const taken: EthernetFrame[] = [];
    const bill = this.bill.clear();
    bill.add('interrupt', c.interruptCycles);
    while (st.rxHead < st.rx.length && st.rx[st.rxHead]!.at <= now) {
      const e = st.rx[st.rxHead++]!;
      if (e.kind === 'header') bill.add('protocol', c.rxHeaderOnlyCycles);
      else bill.add('protocol', isPureAck(e.frame) ? c.ackRxCycles : c.rxPerPacketCycles);
      bill.add('driver', c.descriptorSetupCycles);
      taken.push(e.frame);
    }
    if (st.rxHead === st.rx.length) {
      st.rx.length = 0;
      st.rxHead = 0;
    } else if (st.rxHead > 1024) {
      st.rx.splice(0, st.rxHead);
      st.rxHead = 0;
    }
    bill.add('driver', c.txCompletionCycles * st.txCompletions);
    st.txCompletions = 0;
    if (taken.length > 0) {
      bill.add('driver', c.doorbellCycles);
      this.m.pci.mmioWrite(now, 'doorbell');
    }
    this.m.cpu.run(coreForPort(this.m, port), bill, this.rxJobDone, { port, frames: taken });
    if (st.rxHead < st.rx.length) this.m.nic.interrupts[port]!.request(st.rx[st.rxHead]!.at);
  }

  private readonly rxJobDone = (job: { port: number; frames: EthernetFrame[] }): void => {
    for (const frame of job.frames) this.m.host.receive(job.port, frame);
  };
}
