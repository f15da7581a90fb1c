import { describe, expect, it } from 'vitest';
import { Scheduler } from '../core/scheduler.ts';
import { CPU_CATEGORIES, Cpu, CycleBill } from './cpu.ts';
import { MemoryBus } from './memory-bus.ts';

function setup(cores = 1) {
  const scheduler = new Scheduler();
  const cpu = new Cpu({ scheduler, name: 'cpu', cores, ghz: 2.4, memory: null });
  const log: [string, number][] = [];
  const done = (label: string, now: number) => {
    log.push([label, now]);
  };
  return { scheduler, cpu, log, done };
}

function bill(cycles: number, category: (typeof CPU_CATEGORIES)[number] = 'protocol') {
  return new CycleBill().add(category, cycles);
}

describe('CycleBill', () => {
  it('adds cycles by category and memory bytes, and clears for reuse', () => {
    const b = new CycleBill().add('copy', 100).add('copy', 50).add('sync', 7).addMemory(300);
    expect(b.cycles[CPU_CATEGORIES.indexOf('copy')]).toBe(150);
    expect(b.cycles[CPU_CATEGORIES.indexOf('sync')]).toBe(7);
    expect(b.total()).toBe(157);
    expect(b.memoryBytes).toBe(300);
    b.clear();
    expect(b.total()).toBe(0);
    expect(b.memoryBytes).toBe(0);
  });
});

describe('Cpu', () => {
  it('runs 2400 cycles in 1000 ns at 2.4 GHz and calls back at the end', () => {
    const { scheduler, cpu, log, done } = setup();
    expect(cpu.run(0, bill(2400), done, 'a')).toBe(1000);
    scheduler.runUntil(10_000);
    expect(log).toEqual([['a', 1000]]);
  });

  it('queues jobs on a core first in, first out', () => {
    const { scheduler, cpu, log, done } = setup();
    expect(cpu.run(0, bill(2400), done, 'a')).toBe(1000);
    expect(cpu.run(0, bill(4800), done, 'b')).toBe(3000);
    expect(cpu.charge(0, bill(240))).toBe(3100);
    expect(cpu.run(0, bill(1200), done, 'c')).toBe(3600);
    expect(cpu.backlogNs(0)).toBe(3600);
    scheduler.runUntil(10_000);
    expect(log).toEqual([
      ['a', 1000],
      ['b', 3000],
      ['c', 3600],
    ]);
    expect(cpu.stats.jobs).toBe(4);
  });

  it('starts a job when it is queued if the core is idle', () => {
    const { scheduler, cpu, log, done } = setup();
    scheduler.runUntil(5000);
    expect(cpu.run(0, bill(2400), done, 'late')).toBe(6000);
    scheduler.runUntil(10_000);
    expect(log).toEqual([['late', 6000]]);
  });

  it('rounds fractional finishes up to whole nanoseconds, without drift', () => {
    const { cpu } = setup();
    expect(cpu.charge(0, bill(5000))).toBe(2084); // 2083.33 ns
    expect(cpu.charge(0, bill(5000))).toBe(4167); // 4166.67, not 2084 + 2084
  });

  it('lets a completion queue more work on its own core', () => {
    const { scheduler, cpu, log } = setup();
    const scratch = new CycleBill();
    const again = (n: number, now: number) => {
      log.push([`job${n}`, now]);
      if (n < 3) cpu.run(0, scratch.clear().add('protocol', 2400), again, n + 1);
    };
    cpu.run(0, scratch.clear().add('protocol', 2400), again, 1);
    scheduler.runUntil(10_000);
    expect(log).toEqual([
      ['job1', 1000],
      ['job2', 2000],
      ['job3', 3000],
    ]);
  });

  it('runs two cores in parallel', () => {
    const { scheduler, cpu, log, done } = setup(2);
    expect(cpu.run(0, bill(2400), done, 'core0')).toBe(1000);
    expect(cpu.run(1, bill(2400), done, 'core1')).toBe(1000);
    expect(cpu.run(1, bill(2400), done, 'core1b')).toBe(2000);
    expect(cpu.leastLoadedCore()).toBe(0);
    expect(cpu.backlogNs(0)).toBe(2000);
    scheduler.runUntil(10_000);
    expect(log).toEqual([
      ['core0', 1000],
      ['core1', 1000],
      ['core1b', 2000],
    ]);
    expect(cpu.busyNsUntil(10_000)).toBe(3000);
  });

  it('runs a copy at its own pace on an idle memory bus that can carry it', () => {
    const { scheduler, log, done } = setup();
    const memory = new MemoryBus({
      name: 'mem',
      peakGBps: 4,
      sustainedFraction: 1,
      clock: scheduler,
      slotNs: 100,
    });
    const cpu = new Cpu({ scheduler, name: 'cpu', cores: 1, ghz: 2.4, memory });
    // A 1448-byte copy at 2 cycles/B: 1206.7 ns; its 3 × 1448 B need 3.6 GB/s, the bus has 4.
    const copy = new CycleBill().add('copy', 2 * 1448).addMemory(3 * 1448);
    cpu.run(0, copy, done, 'a');
    cpu.run(0, copy, done, 'b');
    scheduler.runUntil(10_000);
    // The second starts when the first ends: still no wait.
    expect(log).toEqual([
      ['a', 1207],
      ['b', Math.ceil((2 * 2896) / 2.4)],
    ]);
    expect(memory.stats.copyBytes).toBe(2 * 3 * 1448);
    expect(cpu.stats.memoryStallNs).toBeCloseTo(0, 6);
  });

  it('a copy slows down only while the bus is busy with other traffic, by what it takes', () => {
    const { scheduler, log, done } = setup();
    const memory = new MemoryBus({
      name: 'mem',
      peakGBps: 2,
      sustainedFraction: 1,
      clock: scheduler,
      slotNs: 100,
    });
    const cpu = new Cpu({ scheduler, name: 'cpu', cores: 1, ghz: 2.4, memory });
    // DMA uses the whole 2 GB/s bus for 1000 ns, from 0.
    memory.reserve(0, 2000, 'dma');
    // 100 cycles and 200 B: 41.7 ns of core time, at ≤ 4.8 B/ns; the bus has nothing left
    // until 1000 ns, then 2 B/ns: the copy's bytes are done at 1100 ns.
    cpu.run(0, new CycleBill().add('copy', 100).addMemory(200), done, 'behind DMA');
    // DMA booked well ahead (at 50 µs) does not delay work now: the next copy takes the
    // free bus at its 2 B/ns (faster than the bus, so the bus sets its pace): 100 ns.
    memory.reserve(50_000, 100_000, 'dma');
    cpu.run(0, new CycleBill().add('copy', 100).addMemory(200), done, 'free bus');
    scheduler.runUntil(10_000);
    expect(log).toEqual([
      ['behind DMA', 1100],
      ['free bus', 1200],
    ]);
  });

  it('DMA that comes later for the same time pushes a running copy later (it yields)', () => {
    const { scheduler, log, done } = setup();
    const memory = new MemoryBus({
      name: 'mem',
      peakGBps: 2,
      sustainedFraction: 1,
      clock: scheduler,
      slotNs: 100,
    });
    const cpu = new Cpu({ scheduler, name: 'cpu', cores: 1, ghz: 2.4, memory });
    // A copy of 2000 B at up to 2 B/ns: 1000 ns alone.
    cpu.run(0, new CycleBill().add('copy', 2400).addMemory(2000), done, 'copy');
    // DMA asks for 400 B from 200 ns on, at the full bus rate: it goes first; the copy's
    // 400 displaced bytes follow its end.
    expect(memory.reserve(200, 400, 'dma')).toBe(400);
    scheduler.runUntil(10_000);
    expect(log).toEqual([['copy', 1200]]);
    expect(cpu.stats.memoryStallNs).toBeCloseTo(200, 6);
    expect(memory.busyNsUntil(10_000)).toBeCloseTo(1200, 6);
  });

  it('measures utilisation over an interval, counting only elapsed work', () => {
    const { scheduler, cpu } = setup(2);
    cpu.charge(0, bill(2400)); // core 0: [0, 1000)
    scheduler.runUntil(2000);
    cpu.charge(0, bill(4800)); // core 0: [2000, 4000)
    cpu.charge(1, bill(7200)); // core 1: [2000, 5000)
    expect(cpu.busyNsUntil(2000)).toBe(1000);
    scheduler.runUntil(3000);
    expect(cpu.busyNsUntil(3000)).toBe(3000);
    // Between 2000 and 3000 both cores were busy: utilisation = 2000 / (2 × 1000).
    expect((cpu.busyNsUntil(3000) - cpu.busyNsUntil(2000)) / (2 * 1000)).toBe(1);
    expect(cpu.backlogNs(3000)).toBe(2000);
    scheduler.runUntil(6000);
    expect(cpu.busyNsUntil(6000)).toBe(6000);
    expect(cpu.stats.busyNs).toBe(6000);
  });

  it('stalls a core for an MMIO read, charged to its category', () => {
    const { scheduler, cpu } = setup();
    cpu.charge(0, bill(2400));
    expect(cpu.stall(0, 1000, 'interrupt')).toBe(2000);
    scheduler.runUntil(2000);
    expect(cpu.stats.cyclesByCategory[CPU_CATEGORIES.indexOf('interrupt')]).toBe(2400);
    expect(cpu.stats.busyNsByCategory[CPU_CATEGORIES.indexOf('interrupt')]).toBe(1000);
    expect(cpu.busyNsUntil(2000)).toBe(2000);
  });

  it('keeps cycles and busy time by category', () => {
    const { scheduler, cpu } = setup();
    cpu.charge(0, new CycleBill().add('copy', 1200).add('protocol', 3600));
    scheduler.runUntil(10_000);
    const copy = CPU_CATEGORIES.indexOf('copy');
    const protocol = CPU_CATEGORIES.indexOf('protocol');
    expect(cpu.stats.cyclesByCategory[copy]).toBe(1200);
    expect(cpu.stats.cyclesByCategory[protocol]).toBe(3600);
    expect(cpu.stats.busyNsByCategory[copy]).toBe(500);
    expect(cpu.stats.busyNsByCategory[protocol]).toBe(1500);
  });

  it('copies the bill: the caller may reuse it at once', () => {
    const { scheduler, cpu, log, done } = setup();
    const scratch = new CycleBill().add('driver', 2400);
    cpu.run(0, scratch, done, 'a');
    scratch.clear().add('driver', 24_000);
    scheduler.runUntil(10_000);
    expect(log).toEqual([['a', 1000]]);
  });

  it('shows a saturated core as a growing backlog', () => {
    const { scheduler, cpu } = setup();
    const backlog: number[] = [];
    // 1500 ns of work offered every 1000 ns.
    for (let t = 1000; t <= 5000; t += 1000) {
      cpu.charge(0, bill(3600));
      scheduler.runUntil(t);
      backlog.push(cpu.backlogNs(t));
    }
    expect(backlog).toEqual([500, 1000, 1500, 2000, 2500]);
  });

  it('uses one timer per core, however many jobs are queued', () => {
    const { scheduler, cpu, done } = setup();
    for (let i = 0; i < 1000; i++) cpu.run(0, bill(24), done, String(i));
    expect(scheduler.queued).toBe(1);
    expect(scheduler.runUntil(1_000_000)).toBe(1000);
  });

  it('rejects a core it does not have', () => {
    const { cpu } = setup(2);
    expect(() => cpu.charge(2, bill(1))).toThrow('cpu cpu: no core 2 (it has 2)');
  });
});
