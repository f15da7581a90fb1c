import { DelayLine } from '../../core/delay-line.ts';
import { ms, type Nanoseconds } from '../../core/time.ts';
import type { Timer } from '../../core/scheduler.ts';
import { CycleBill } from '../../host/cpu.ts';
import type { Route } from '../../net/routing-table.ts';
import type { Ipv4, Mac } from '../../wire/types.ts';
import { coreForPort } from '../../host/machine.ts';
import { applyRoutes, shadowedRoutes } from './route-shadow.ts';
import { ShadowSync, usableMac } from './shadow.ts';
import type { SyncContext } from './strategy.ts';

/** The host's entries for one port as the card read them. */
interface Readout {
  port: number;
  entries: { ip: Ipv4; mac: Mac }[];
  /** The host's shadowed routes, read with the first port's entries; null on the others. */
  routes: Route[] | null;
}

/**
 * `poll` (DESIGN.md §5): every `sync.pollIntervalMs` the card re-reads the host entries
 * it shadows. Per port and poll, the driver refreshes a DMA-able export of those entries
 * (host cycles), then the card DMA-reads them (syncEntryBytes each) and rewrites what
 * changed. An entry is stale for at most one interval plus that read latency. The
 * host's routes (other than connected ones) ride in the same export, one entry each.
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
    let first = true;
    for (const port of ports) {
      const bill = this.bill.clear().add('sync', m.costs.syncPollCycles);
      m.cpu.run(coreForPort(m, port), bill, this.export, { port, routes: first });
      first = false;
    }
  }

  /** The driver's export is current: the card reads it (the values as of now). */
  private readonly export = (job: { port: number; routes: boolean }, now: Nanoseconds): void => {
    const { m } = this.ctx;
    const port = job.port;
    const host = this.ctx.host(port);
    const entries = this.entries()
      .filter((e) => e.port === port)
      .map((e) => ({ ip: e.ip, mac: usableMac(host.lookup(e.ip)) }));
    const routes = job.routes ? shadowedRoutes(m.host) : null;
    const bytes = (entries.length + (routes?.length ?? 0)) * m.costs.syncEntryBytes;
    const done = m.pci.dmaRead(now, m.nic.deviceFor(port), bytes, 'sync');
    this.read.push({ port, entries, routes }, done);
  };

  private compare(r: Readout): void {
    if (r.routes !== null) {
      const track = (port: number, ip: Ipv4): void => this.track(port, ip);
      this.ctx.ledger.counters.updatesSent += applyRoutes(this.ctx.cardHost, r.routes, track);
    }
    const card = this.ctx.card(r.port);
    for (const e of r.entries) {
      if (usableMac(card.lookup(e.ip)) === e.mac) continue;
      this.ctx.ledger.counters.updatesSent++;
      this.apply(r.port, e.ip, e.mac);
    }
  }
}
