import { DelayLine } from '../../core/delay-line.ts';
import { ms, type Nanoseconds } from '../../core/time.ts';
import type { Timer } from '../../core/scheduler.ts';
import { CycleBill } from '../../host/cpu.ts';
import type { Ipv4, Mac } from '../../wire/types.ts';
import { coreForPort } from '../machine.ts';
import { ShadowSync, usableMac } from './shadow.ts';
import type { SyncContext } from './strategy.ts';

/** The host's entries for one port as the card read them. */
interface Readout {
  port: number;
  entries: { ip: Ipv4; mac: Mac }[];
}

/**
 * `poll` (DESIGN.md §5): every `sync.pollIntervalMs` the card re-reads the host entries
 * it shadows. Per port and poll, the driver refreshes a DMA-able export of those entries
 * (host cycles), then the card DMA-reads them (syncEntryBytes each) and rewrites what
 * changed. An entry is stale for at most one interval plus that read latency.
 */
export class PollSync extends ShadowSync {
  readonly id = 'poll' as const;
  private readonly timer: Timer;
  private readonly bill = new CycleBill();
  private readonly read: DelayLine<Readout>;

  constructor(ctx: SyncContext) {
    super(ctx);
    this.timer = ctx.m.scheduler.timer('sync.poll', () => this.poll());
    this.read = new DelayLine(ctx.m.scheduler, 'sync.poll.read', (r) => this.compare(r));
  }

  override track(port: number, ip: Ipv4): void {
    super.track(port, ip);
    if (!this.timer.armed) this.timer.armAfter(ms(this.ctx.m.scenario.sync.pollIntervalMs));
  }

  private poll(): void {
    const { m } = this.ctx;
    this.timer.armAfter(ms(m.scenario.sync.pollIntervalMs));
    const ports = new Set(this.entries().map((e) => e.port));
    for (const port of ports) {
      const bill = this.bill.clear().add('sync', m.costs.syncPollCycles);
      m.cpu.run(coreForPort(m, port), bill, this.export, port);
    }
  }

  /** The driver's export is current: the card reads it (the values as of now). */
  private readonly export = (port: number, now: Nanoseconds): void => {
    const { m } = this.ctx;
    const host = this.ctx.host(port);
    const entries = this.entries()
      .filter((e) => e.port === port)
      .map((e) => ({ ip: e.ip, mac: usableMac(host.lookup(e.ip)) }));
    const bytes = entries.length * m.costs.syncEntryBytes;
    this.read.push({ port, entries }, m.pci.dmaRead(now, m.nic.deviceFor(port), bytes, 'sync'));
  };

  private compare(r: Readout): void {
    const card = this.ctx.card(r.port);
    for (const e of r.entries) {
      if (usableMac(card.lookup(e.ip)) === e.mac) continue;
      this.ctx.ledger.counters.updatesSent++;
      this.apply(r.port, e.ip, e.mac);
    }
  }
}
