import type { Nanoseconds } from '../../core/time.ts';
import { DelayLine } from '../../core/delay-line.ts';
import { CycleBill } from '../../host/cpu.ts';
import type { Ipv4, Mac } from '../../wire/types.ts';
import { coreForPort } from '../../host/machine.ts';
import { RoutePush } from './route-shadow.ts';
import { keyOf, ShadowSync, usableMac } from './shadow.ts';
import type { SyncContext } from './strategy.ts';

interface Mailbox {
  port: number;
  ip: Ipv4;
  mac: Mac;
}

/**
 * `push` (DESIGN.md §5): on every change of a host entry the card shadows, the driver's
 * neighbour-update notifier (Linux NETEVENT_NEIGH_UPDATE, as the cxgb3 TOE driver uses it)
 * writes the new address to a card mailbox. Each update costs host cycles and one posted
 * MMIO write; the card's entry is stale for that latency. Route changes are pushed the
 * same way (RoutePush).
 */
export class PushSync extends ShadowSync {
  readonly id = 'push' as const;
  private readonly bill = new CycleBill();
  private readonly arrived: DelayLine<Mailbox>;

  constructor(ctx: SyncContext) {
    super(ctx);
    this.arrived = new DelayLine(ctx.m.scheduler, 'sync.push.mailbox', (mb) =>
      this.apply(mb.port, mb.ip, mb.mac),
    );
    new RoutePush(ctx, (port, ip) => this.track(port, ip));
    ctx.m.links.forEach((_, port) => {
      ctx.host(port).onChange((n) => {
        const key = keyOf(port, n.ip);
        const last = this.written.get(key);
        // Only entries already on the card; the first copy is the hand-over's.
        if (last === undefined) return;
        const mac = usableMac(n);
        if (mac === last) return;
        this.written.set(key, mac);
        this.notify({ port, ip: n.ip, mac });
      });
    });
  }

  private notify(mb: Mailbox): void {
    const { m } = this.ctx;
    const bill = this.bill.clear().add('sync', m.costs.syncPushCycles);
    m.cpu.run(coreForPort(m, mb.port), bill, this.write, mb);
  }

  private readonly write = (mb: Mailbox, now: Nanoseconds): void => {
    const { m, ledger } = this.ctx;
    ledger.counters.updatesSent++;
    this.arrived.push(mb, m.pci.mmioWrite(now, 'sync'));
  };
}
