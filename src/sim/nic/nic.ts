import type { Scheduler } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';
import type { PciBus } from '../bus/pcix.ts';
import type { Costs } from '../costs/cost-table.ts';
import type { Link } from '../link/link.ts';
import { CardEngine } from './card-engine.ts';
import { CardMemory } from './card-memory.ts';
import { InterruptCoalescer } from './interrupts.ts';
import { RxPort, type RxHandler } from './rx-port.ts';
import { RxWriteBack } from './rx-write-back.ts';
import { TxPort } from './tx-port.ts';
import { ETHERTYPE_MAC_CONTROL, PAUSE_MAC, type Mac } from '../wire/types.ts';

export type { RxHandler, RxTiming } from './rx-port.ts';

/** Counters of the card, one sentence each. */
export class NicStats {
  /** Frames handed to the wire by the card. */
  txFrames = 0;
  /** Frames received from the wire. */
  rxFrames = 0;
  /** Connections that did not fit on the card and stayed on the host stack. */
  connectionsFallenBack = 0;
  /** Connections the card holds (offloaded, or with a flow-table entry). */
  connectionsOnCard = 0;
}

/** The card's queue sizes (cost table / NIC profile). */
export interface NicQueues {
  txFifoBytes: number;
  rxFifoBytes: number;
  /** Receive descriptors the driver keeps posted (ring size − 1: one slot stays empty). */
  rxDescriptors: number;
  /** 802.3x PAUSE thresholds, or null when flow control is off. */
  flowControl: { highWaterBytes: number; lowWaterBytes: number; quanta: number } | null;
}

/**
 * The multi-port NIC: one PCI-X function per port (each with its own DMA engines), a
 * card engine, card memory, per-port interrupt moderation, and per port a transmit side
 * (descriptor fetch into the TX FIFO, src/sim/nic/tx-port.ts) and a receive side (the RX
 * FIFO, src/sim/nic/rx-port.ts). What crosses the bus and what the engine does with each
 * received frame is decided by the architecture (src/sim/arch).
 */
export class Nic {
  readonly engine: CardEngine;
  readonly memory: CardMemory;
  readonly stats = new NicStats();
  readonly interrupts: InterruptCoalescer[] = [];
  readonly tx: TxPort[] = [];
  readonly rx: RxPort[] = [];
  /** Per port: receive descriptors written back to the host, one by one or in batches. */
  readonly rxWriteBack: RxWriteBack[] = [];
  /** What the card does with the frame at the head of a receive FIFO. */
  rxHandler: RxHandler = () => true;
  /** The host's interrupt service routine; set by the architecture's driver. */
  interruptService: (port: number, now: Nanoseconds) => void = () => {};
  readonly maxConnections: number;

  /**
   * The PCI function a port's DMA runs as: each port of a multi-port 8254x card is its
   * own function with its own DMA engines (and its own outstanding read).
   */
  deviceFor(port: number): number {
    return port;
  }

  constructor(
    readonly scheduler: Scheduler,
    readonly links: readonly Link[],
    readonly pci: PciBus,
    readonly costs: Costs,
    opts: {
      engineMhz: number;
      cardMemoryBytes: number;
      maxConnections: number;
      queues: NicQueues;
      /** Each port's MAC address (the source of the PAUSE frames it sends). */
      macs: readonly Mac[];
    },
  ) {
    this.engine = new CardEngine(scheduler, opts.engineMhz, costs.engineSlotNs);
    this.memory = new CardMemory(opts.cardMemoryBytes);
    this.maxConnections = opts.maxConnections;
    const minInterval = Math.round(1e9 / costs.maxInterruptsPerSecond);
    links.forEach((link, port) => {
      this.tx.push(new TxPort(this, port, link.tx, opts.queues.txFifoBytes));
      const fc = opts.queues.flowControl;
      const flow =
        fc === null
          ? null
          : {
              ...fc,
              send: (quanta: number) =>
                link.tx.sendControl({
                  dst: PAUSE_MAC,
                  src: opts.macs[port]!,
                  etherType: ETHERTYPE_MAC_CONTROL,
                  pause: { quanta },
                }),
            };
      const rx = new RxPort(this, port, opts.queues.rxFifoBytes, opts.queues.rxDescriptors, flow);
      this.rx.push(rx);
      this.rxWriteBack.push(new RxWriteBack(this, port));
      link.attach('a', (frame) => {
        this.stats.rxFrames++;
        rx.arrive(frame, scheduler.now);
      });
      this.interrupts.push(
        new InterruptCoalescer(scheduler, `nic.port${port}.irq`, minInterval, (now) =>
          this.interruptService(port, now),
        ),
      );
    });
  }

  get ports(): number {
    return this.links.length;
  }

  /** Window memory promised to the connections on the card (their buffer sizes). */
  private reserved = 0;

  /**
   * Can the card take one more connection whose windows need `memoryBytes`? A
   * connection that does not fit stays on the host stack (counted).
   */
  admit(memoryBytes: number): boolean {
    const full = this.stats.connectionsOnCard >= this.maxConnections;
    if (full || this.reserved + memoryBytes > this.memory.capacity) {
      this.stats.connectionsFallenBack++;
      return false;
    }
    this.reserved += memoryBytes;
    this.stats.connectionsOnCard++;
    return true;
  }

  /** A card connection closed: its table slot and memory reservation are free again. */
  release(memoryBytes: number): void {
    this.stats.connectionsOnCard--;
    this.reserved -= memoryBytes;
  }
}
