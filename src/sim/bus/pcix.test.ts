import { describe, expect, it } from 'vitest';
import { resolveCosts, type BusKind, type CostKey } from '../costs/cost-table.ts';
import { MemoryBus } from '../host/memory-bus.ts';
import { PCI_TRAFFIC, PciBus } from './pcix.ts';

/** The clock every bus in a test reads (a simulation's scheduler, standing still at 0). */
const clock = { now: 0 };

function pci(
  kind: BusKind = 'pcix-133',
  overrides: Partial<Record<CostKey, number>> = {},
  memory: MemoryBus | null = null,
) {
  return new PciBus({ name: 'pci', kind, costs: resolveCosts(overrides), memory, clock });
}

describe('PciBus: traffic counts', () => {
  it('counts each kind of traffic under its own name', () => {
    const bus = pci();
    // Each kind a size of its own, so a count under another kind's name shows.
    PCI_TRAFFIC.forEach((traffic, i) => bus.dmaWrite(0, 0, 100 * (i + 1), traffic));
    expect(bus.stats.bytesByTraffic).toEqual(
      Object.fromEntries(PCI_TRAFFIC.map((traffic, i) => [traffic, 100 * (i + 1)])),
    );
    expect(Object.keys(bus.stats.bytesByTraffic)).toEqual(PCI_TRAFFIC);
  });
});

describe('PciBus: DMA writes', () => {
  it('a 1514-byte frame on pcix-133: 190 transfers + 5 clocks = 1462.5 ns', () => {
    const bus = pci();
    expect(bus.transferNs).toBe(7.5);
    expect(bus.dmaWrite(0, 0, 1514, 'payload')).toBe(1463);
    expect(bus.stats.busyNs).toBe(1462.5);
    expect(bus.stats.dataNs).toBe(1425);
    expect(bus.stats.transactions).toBe(1);
    expect(bus.stats.bytesByTraffic.payload).toBe(1514);
  });

  it('splits writes at pciMaxWriteBurstBytes, paying the overhead per burst', () => {
    const bus = pci();
    bus.dmaWrite(0, 0, 10_000, 'payload'); // 4096 + 4096 + 1808
    expect(bus.stats.transactions).toBe(3);
    expect(bus.stats.busyNs).toBe((512 + 512 + 226) * 7.5 + 3 * 5 * 7.5);
  });

  it('shares the bus first come, first served', () => {
    const bus = pci();
    expect(bus.dmaWrite(0, 0, 1514, 'payload')).toBe(1463);
    expect(bus.dmaWrite(0, 1, 16, 'descriptor')).toBe(1462.5 + 2 * 7.5 + 37.5);
  });

  it('books the bytes on the memory bus too, and waits for it', () => {
    const memory = new MemoryBus({
      name: 'mem',
      peakGBps: 1,
      sustainedFraction: 1,
      clock,
      slotNs: 250,
    });
    const bus = pci('pcix-133', {}, memory);
    // 1514 B span 24 lines of 64 B; the partial last line is read and merged: 25 lines,
    // 1600 B. Memory at 1 GB/s is slower than the bus: 1600 ns.
    expect(bus.dmaWrite(0, 0, 1514, 'payload')).toBe(1600);
    expect(memory.stats.dmaBytes).toBe(1600);
  });

  it('books whole lines for a read, and two lines for a 16-byte descriptor write-back', () => {
    const memory = new MemoryBus({
      name: 'mem',
      peakGBps: 100,
      sustainedFraction: 1,
      clock,
      slotNs: 250,
    });
    const bus = pci('pcix-133', {}, memory);
    bus.dmaRead(0, 0, 16, 'descriptor');
    expect(memory.stats.dmaBytes).toBe(64);
    bus.dmaWrite(0, 0, 16, 'descriptor');
    expect(memory.stats.dmaBytes).toBe(64 + 128);
    bus.dmaWrite(0, 0, 4096, 'payload');
    expect(memory.stats.dmaBytes).toBe(64 + 128 + 4096);
  });
});

describe('PciBus: split reads', () => {
  it('a 1514-byte read: 3 split reads (512, 512, 490), each with its latency', () => {
    const bus = pci();
    // Device side: 3 × 300 ns latency + (64 + 64 + 62) × 7.5 + 3 × 10 × 7.5 = 2550 ns.
    expect(bus.dmaRead(0, 0, 1514, 'payload')).toBe(2550);
    // Bus side: only the clocks it is busy, 1650 ns.
    expect(bus.stats.busyNs).toBe(1650);
    expect(bus.stats.dataNs).toBe(1425);
    expect(bus.stats.transactions).toBe(3);
    expect(bus.busyNsUntil(10_000)).toBeCloseTo(1650, 6);
  });

  it('behind a bridge (intel-82546), each completion crosses the card’s secondary bus too', () => {
    const bridged = new PciBus({
      name: 'pci',
      kind: 'pcix-133',
      costs: resolveCosts(),
      memory: null,
      clock,
      behindBridge: true,
    });
    // 2550 ns as above, plus each completion's burst again: (64 + 64 + 62) × 7.5 + 3 × 75.
    expect(bridged.dmaRead(0, 0, 1514, 'payload')).toBe(2550 + 1650);
    // The slot's bus is busy no longer: the second crossing is on the card.
    expect(bridged.stats.busyNs).toBe(1650);
  });

  it('serialises one device’s reads through its read engine', () => {
    const bus = pci();
    expect(bus.dmaRead(0, 0, 1514, 'payload')).toBe(2550);
    expect(bus.dmaRead(0, 0, 16, 'descriptor')).toBe(2550 + 300 + 15 + 75);
    expect(bus.enginesOf(0).read.freeAt).toBeCloseTo(2940, 6);
    expect(bus.enginesOf(0).read.backlogNs(940)).toBeCloseTo(2000, 6);
    expect(bus.enginesOf(0).read.busyNsUntil(2940)).toBeCloseTo(2940, 6);
  });

  it('caps one device at MMRBC / (latency + burst): 599 MB/s on pcix-133', () => {
    const bus = pci();
    const end = bus.dmaRead(0, 0, 512 * 1000, 'payload');
    expect(end).toBe(1000 * (300 + 555));
    expect((512 * 1000) / (end / 1000)).toBeCloseTo(598.8, 1);
    // The bus itself was busy only 555 of every 855 ns.
    expect(bus.busyNsUntil(end) / end).toBeCloseTo(555 / 855, 12);
  });

  it('interleaves two devices’ reads: the second uses the bus during the first’s latency', () => {
    const bus = pci();
    const a = bus.dmaRead(0, 0, 1514, 'payload');
    const b = bus.dmaRead(0, 1, 1514, 'payload');
    // Device 0 asked first and keeps its timing; device 1's bursts fill the bus while
    // device 0 waits for its completions, so it is not serialised behind it.
    expect(a).toBe(2550);
    expect(b).toBeGreaterThanOrEqual(300 + 1650 + 1650);
    expect(b).toBeLessThan(2 * 2550);
    expect(bus.stats.busyNs).toBe(3300);
    expect(bus.busyNsUntil(b + 1000)).toBeCloseTo(3300, 6);
  });

  it('lets a write use the bus while a read waits for its completion', () => {
    const bus = pci();
    bus.dmaRead(0, 0, 512, 'payload'); // bus [300, 855)
    expect(bus.dmaWrite(0, 1, 64, 'header')).toBe(Math.ceil(8 * 7.5 + 37.5)); // 97.5 ns
  });

  it('pays one latency per k bursts with k outstanding reads', () => {
    const bus = pci('pcix-133', { pciOutstandingReads: 4 });
    // The bursts follow one another on the bus from 300 ns: one latency in all (to within
    // one slot of the fluid calendar).
    expect(Math.abs(bus.dmaRead(0, 0, 1514, 'payload') - (300 + 1650))).toBeLessThanOrEqual(250);
  });

  it('efficiency: 512-byte reads ≈ 86 %, 4096-byte reads (MMRBC 4096) ≈ 98 % on pcix-133', () => {
    const small = pci();
    small.dmaRead(0, 0, 512 * 100, 'payload');
    expect(small.efficiency).toBeCloseTo(480 / 555, 12);
    expect(small.efficiency).toBeCloseTo(0.865, 3);
    const large = pci('pcix-133', { pciMmrbcBytes: 4096 });
    large.dmaRead(0, 0, 4096 * 100, 'payload');
    expect(large.efficiency).toBeCloseTo(3840 / 3915, 12);
    expect(large.efficiency).toBeCloseTo(0.981, 3);
  });

  it('pcix-533 pays its overhead at the 133 MHz base clock: less efficient per burst', () => {
    const x133 = pci('pcix-133');
    const x533 = pci('pcix-533');
    x133.dmaRead(0, 0, 512, 'payload');
    x533.dmaRead(0, 0, 512, 'payload');
    expect(x533.stats.busyNs).toBe(64 * 1.875 + 10 * 7.5); // 195 ns, vs 555 on pcix-133
    expect(x533.efficiency).toBeCloseTo(120 / 195, 12); // ≈ 62 %
    expect(x533.efficiency).toBeLessThan(x133.efficiency - 0.2);
    const pci66 = pci('pci-66');
    pci66.dmaRead(0, 0, 512, 'payload');
    expect(pci66.efficiency).toBeCloseTo(x133.efficiency, 12); // same clock for both
    expect(pci66.stats.busyNs).toBe(2 * 555);
  });
});

describe('PciBus: MMIO', () => {
  it('a doorbell is one short write transaction', () => {
    const bus = pci();
    expect(bus.mmioWrite(100, 'doorbell')).toBe(100 + 45);
    expect(bus.stats.transactions).toBe(1);
    expect(bus.stats.bytesByTraffic.doorbell).toBe(4);
  });

  it('a register read returns after the CPU stall', () => {
    const bus = pci();
    expect(bus.mmioRead(0, 'register')).toBe(1000);
    expect(bus.stats.busyNs).toBe(7.5 + 75);
    expect(bus.stats.bytesByTraffic.register).toBe(4);
  });
});

describe('PciBus: saturation', () => {
  it('offered load above 1066 MB/s makes the backlog grow; below it, it drains', () => {
    const at = { now: 0 };
    const bus = (): PciBus =>
      new PciBus({ name: 'pci', kind: 'pcix-133', costs: resolveCosts(), memory: null, clock: at });
    const over = bus();
    const under = bus();
    const overBacklog: number[] = [];
    // 4096-byte writes every 3 µs = 1365 MB/s offered; every 5 µs = 819 MB/s.
    for (let i = 1; i <= 100; i++) {
      at.now = (i - 1) * 3000;
      over.dmaWrite(at.now, i % 4, 4096, 'payload');
      if (i % 25 === 0) overBacklog.push(over.backlogNs(at.now));
    }
    for (let i = 1; i <= 100; i++) {
      at.now = (i - 1) * 5000;
      under.dmaWrite(at.now, i % 4, 4096, 'payload');
    }
    for (let k = 1; k < overBacklog.length; k++) {
      expect(overBacklog[k]!).toBeGreaterThan(overBacklog[k - 1]! + 20_000);
    }
    // Each write occupies 3877.5 ns: 877.5 ns more than the 3000 ns between them.
    at.now = 300_000;
    expect(over.backlogNs(300_000)).toBeCloseTo(100 * 3877.5 - 300_000, 6);
    at.now = 500_000;
    expect(under.backlogNs(500_000)).toBeCloseTo(0, 6);
    expect(under.busyNsUntil(500_000) / 500_000).toBeCloseTo(3877.5 / 5000, 9);
  });

  it('four devices reading 1514-byte frames saturate pcix-133 near its read efficiency', () => {
    const bus = pci();
    let t = 0;
    for (let i = 0; i < 400; i++) t = Math.max(t, bus.dmaRead(0, i % 4, 1514, 'payload'));
    // The bus, not the devices' latency, limits: busy without gaps from 300 ns on (to
    // within one slot of the bus's fluid calendar, busSlotNs).
    expect(t).toBeGreaterThanOrEqual(300 + 400 * 1650);
    expect(t).toBeLessThanOrEqual(300 + 400 * 1650 + 500);
    const mbps = (400 * 1514) / (t / 1000);
    expect(mbps).toBeCloseTo(1066.67 * (1425 / 1650), -1); // ≈ 917 MB/s of data
  });

  it('a register read does not queue behind DMA booked ahead (the arbiter interleaves it)', () => {
    const bus = pci();
    bus.dmaRead(0, 0, 512 * 1000, 'payload'); // 855 µs of work for device 0
    expect(bus.mmioRead(0, 'register')).toBe(1000);
  });
});
