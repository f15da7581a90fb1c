import { Fifo, NumberFifo } from '../core/fifo.ts';
import { FRACTIONAL, type Nanoseconds } from '../core/time.ts';
import type { LinkChannel } from '../link/link.ts';
import { QueueGauge } from '../metrics/queue-gauge.ts';
import { frameWireBytes, headerBytes, payloadBytes } from '../wire/size.ts';
import type { EthernetFrame } from '../wire/types.ts';
import type { Nic } from './nic.ts';

/**
 * One packet the driver posted to a port's transmit descriptor ring: a frame, or the MSS
 * frames the card cuts one TSO super-segment into.
 */
export interface TxPacket {
  readonly frames: EthernetFrame[];
  /** TCP payload over all frames. */
  payloadBytes: number;
  /** Descriptors it occupies in the ring (context, header, one per 4 KB buffer). */
  descriptors: number;
  /** One linear buffer holds the whole frame (no scatter-gather): one read fetches it. */
  readonly linear: boolean;
  /** card-window: the payload already sits in card memory; only headers cross the bus. */
  readonly payloadOnCard: boolean;
}

/** Frames the card itself builds (full-toe's TCP): it builds each when the FIFO has room. */
export interface CardTxSource {
  /** Bytes of the next frame to build, or -1 when there is none. */
  nextBytes(): number;
  /** Builds the next frame now (its header from the card's tables); returns when it is ready. */
  build(now: Nanoseconds): { frame: EthernetFrame; readyAt: Nanoseconds };
}

/**
 * A port's transmit side on the card (8254x-like): it walks the descriptor ring the driver
 * fills, fetching each packet's descriptors and data over PCI-X into the on-card transmit
 * FIFO, but only while the FIFO has room for the frame (so the card never reads ahead of
 * its wire by more than a FIFO); the MAC sends from the FIFO and frees each frame's bytes
 * as its last bit leaves. A packet's descriptor is written back (status done, e1000 sets
 * RS on every packet, written once its data is fetched) and the port asks for an
 * interrupt. Frames the card builds itself (full-toe) share the FIFO.
 */
export class TxPort {
  /** Bytes in the transmit FIFO, fetched or being fetched. */
  readonly fifo: QueueGauge;
  private readonly posted = new Fifo<TxPacket>();
  private current: TxPacket | null = null;
  private nextFrame = 0;
  /** When the current packet's latest fetch ends. */
  private fetched: Nanoseconds = 0;
  /** Numbers from the start (see core/time.ts). */
  readonly port: number = 0;
  readonly fifoBytes: number = 0;
  private readonly owner: number = 0;
  /** When each posted packet's descriptor is (or will be) written back, in ring order. */
  private readonly writeBacks = new NumberFifo();
  card: CardTxSource | null = null;

  constructor(
    private readonly nic: Nic,
    port: number,
    readonly channel: LinkChannel,
    fifoBytes: number,
  ) {
    this.port = port;
    this.fifoBytes = fifoBytes;
    this.fifo = new QueueGauge(fifoBytes);
    // A double from the start (see FRACTIONAL).
    this.fetched = FRACTIONAL;
    this.fetched = 0;
    this.owner = channel.addFeeder((frame, now) => this.sent(frame, now));
  }

  /**
   * Packets whose descriptors the card has written back by `now` since the last call:
   * what the driver's interrupt handler finds done and reclaims.
   */
  takeWrittenBack(now: Nanoseconds): number {
    let n = 0;
    for (let t = this.writeBacks.peek(); t <= now; t = this.writeBacks.peek()) {
      this.writeBacks.shift();
      n++;
    }
    return n;
  }

  /** The frame is in the FIFO, prepared, at `readyAt`: the MAC sends it then, in turn. */
  private toWire(frame: EthernetFrame, readyAt: Nanoseconds): void {
    this.nic.stats.txFrames++;
    this.channel.transmitFrom(this.owner, frame, readyAt);
  }

  /** Packets posted and not yet fully fetched. */
  get backlog(): number {
    return this.posted.length + (this.current === null ? 0 : 1);
  }

  /** The driver moved the ring's tail past `packet` (its doorbell). */
  post(packet: TxPacket): void {
    this.posted.push(packet);
    this.pump(this.nic.scheduler.now);
  }

  /** The card has frames of its own to send (full-toe): build them as room allows. */
  wake(): void {
    this.pump(this.nic.scheduler.now);
  }

  private room(bytes: number): boolean {
    // A frame larger than the FIFO still goes, alone (the card streams it).
    return this.fifo.value + bytes <= this.fifoBytes || this.fifo.value === 0;
  }

  private pump(now: Nanoseconds): void {
    for (;;) {
      if (this.current === null) this.current = this.posted.shift() ?? null;
      if (this.current !== null) {
        if (!this.fetchNext(this.current, now)) return;
        continue;
      }
      const card = this.card;
      if (card === null) return;
      const bytes = card.nextBytes();
      if (bytes < 0 || !this.room(bytes)) return;
      this.fifo.add(bytes, now);
      const { frame, readyAt } = card.build(now);
      this.toWire(frame, readyAt);
    }
  }

  /** Fetches the packet's next frame into the FIFO if it fits; false when it must wait. */
  private fetchNext(packet: TxPacket, now: Nanoseconds): boolean {
    const frame = packet.frames[this.nextFrame]!;
    const bytes = frameWireBytes(frame);
    if (!this.room(bytes)) return false;
    this.fifo.add(bytes, now);
    const { pci, costs, engine } = this.nic;
    const device = this.nic.deviceFor(this.port);
    let t = now;
    if (this.nextFrame === 0) {
      t = pci.dmaRead(t, device, packet.descriptors * costs.descriptorBytes, 'descriptor');
      if (!packet.linear) t = pci.dmaRead(t, device, headerBytes(frame), 'header');
    }
    const payload = payloadBytes(frame);
    if (packet.linear) {
      t = pci.dmaRead(t, device, headerBytes(frame) + payload, 'header', payload);
    } else if (payload > 0 && !packet.payloadOnCard) {
      t = pci.dmaRead(t, device, payload, 'payload');
    }
    this.fetched = t;
    // The MAC and checksum engine prepare the frame (cardFrameCycles), then it can go.
    this.toWire(frame, engine.reserve(t, costs.cardFrameCycles));
    this.nextFrame++;
    if (this.nextFrame === packet.frames.length) {
      // Status written back once the data is fetched; the port asks for an interrupt then.
      const at = pci.dmaWrite(this.fetched, device, costs.descriptorBytes, 'descriptor');
      this.writeBacks.push(at);
      this.nic.interrupts[this.port]!.request(at);
      this.current = null;
      this.nextFrame = 0;
    }
    return true;
  }

  /** The MAC sent a frame of ours: its FIFO space is free again. */
  private sent(frame: EthernetFrame, now: Nanoseconds): void {
    this.fifo.add(-frameWireBytes(frame), now);
    this.pump(now);
  }
}
