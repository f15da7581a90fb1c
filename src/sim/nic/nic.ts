import { DelayLine } from '../core/delay-line.ts';
import type { Scheduler } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';
import type { PciBus } from '../bus/pcix.ts';
import type { Costs } from '../costs/cost-table.ts';
import type { Link } from '../link/link.ts';
import type { EthernetFrame } from '../wire/types.ts';
import { CardEngine } from './card-engine.ts';
import { CardMemory } from './card-memory.ts';
import { InterruptCoalescer } from './interrupts.ts';

/** What the card does with a frame that arrives from the wire; set by the architecture. */
export type RxHandler = (port: number, frame: EthernetFrame, now: Nanoseconds) => void;

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

/**
 * The multi-port NIC: one PCI-X device with a port per link, a card engine, card memory,
 * per-port interrupt moderation, and a transmit queue per port. What crosses the bus
 * and what the engine does per frame is decided by the architecture (src/sim/arch).
 */
export class Nic {
  readonly engine: CardEngine;
  readonly memory: CardMemory;
  readonly stats = new NicStats();
  readonly interrupts: InterruptCoalescer[] = [];
  private readonly txLines: DelayLine<EthernetFrame>[] = [];
  rxHandler: RxHandler = () => {};
  /** The host's interrupt service routine; set by the architecture's driver. */
  interruptService: (port: number, now: Nanoseconds) => void = () => {};
  /**
   * The PCI function a port's DMA runs as: each port of a multi-port 8254x card is its
   * own function with its own DMA engine (and its own outstanding read).
   */
  deviceFor(port: number): number {
    return port;
  }

  constructor(
    readonly scheduler: Scheduler,
    readonly links: readonly Link[],
    readonly pci: PciBus,
    readonly costs: Costs,
    opts: { engineMhz: number; cardMemoryBytes: number; maxConnections: number },
  ) {
    this.engine = new CardEngine(opts.engineMhz);
    this.memory = new CardMemory(opts.cardMemoryBytes);
    this.maxConnections = opts.maxConnections;
    const minInterval = Math.round(1e9 / costs.maxInterruptsPerSecond);
    links.forEach((link, port) => {
      const device = link.endpoint('a');
      this.txLines.push(
        new DelayLine<EthernetFrame>(scheduler, `nic.port${port}.tx`, (frame) => {
          this.stats.txFrames++;
          device.transmit(frame);
        }),
      );
      link.attach('a', (frame) => {
        this.stats.rxFrames++;
        this.rxHandler(port, frame, scheduler.now);
      });
      this.interrupts.push(
        new InterruptCoalescer(scheduler, `nic.port${port}.irq`, minInterval, (now) =>
          this.interruptService(port, now),
        ),
      );
    });
  }

  readonly maxConnections: number;

  get ports(): number {
    return this.links.length;
  }

  /** The frame is on the card at `readyAt`: the engine prepares it, then the port sends it. */
  sendToWire(port: number, frame: EthernetFrame, readyAt: Nanoseconds, engineCycles: number): void {
    const done = this.engine.reserve(readyAt, engineCycles);
    this.txLines[port]!.push(frame, done);
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
