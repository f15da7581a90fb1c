import { settle } from '../core/calendar.ts';
import type { Scheduler, Timer } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';
import type { MemoryBus } from './memory-bus.ts';

/** Where host cycles go; the order is the results' `cpuBreakdown` order (DESIGN.md §6). */
export const CPU_CATEGORIES = [
  'copy',
  'checksum',
  'protocol',
  'interrupt',
  'syscall',
  'driver',
  'sync',
] as const;
export type CpuCategory = (typeof CPU_CATEGORIES)[number];

const CATEGORY_INDEX: { readonly [C in CpuCategory]: number } = {
  copy: 0,
  checksum: 1,
  protocol: 2,
  interrupt: 3,
  syscall: 4,
  driver: 5,
  sync: 6,
};

/**
 * The cost of one piece of host work: cycles by category plus the memory-bus bytes it
 * moves (a copy's 3 B/B, DESIGN.md §3). Callers keep one bill as scratch and `clear()`
 * it per job; `Cpu.run` reads it and keeps nothing.
 */
export class CycleBill {
  readonly cycles = new Float64Array(CPU_CATEGORIES.length);
  memoryBytes = 0;

  add(category: CpuCategory, cycles: number): this {
    this.cycles[CATEGORY_INDEX[category]] += cycles;
    return this;
  }

  addMemory(bytes: number): this {
    this.memoryBytes += bytes;
    return this;
  }

  clear(): this {
    this.cycles.fill(0);
    this.memoryBytes = 0;
    return this;
  }

  total(): number {
    let sum = 0;
    for (let i = 0; i < this.cycles.length; i++) sum += this.cycles[i]!;
    return sum;
  }
}

export type Completion<A> = (arg: A, now: Nanoseconds) => void;

export interface CpuStats {
  /** Busy ns booked per core since the start, including work queued beyond now. */
  busyNs: number;
  /** Cycles charged per category, in CPU_CATEGORIES order. */
  cyclesByCategory: Float64Array;
  /** Busy ns per category: a job's time (memory stalls included) split by its cycles. */
  busyNsByCategory: Float64Array;
  /** Of `busyNs`, time cores spent waiting for the memory bus beyond their cycles. */
  memoryStallNs: number;
  /** Jobs run, charged or stalled. */
  jobs: number;
}

const INITIAL_RING = 64;

/** Pending completions of one core, in finish order (FIFO per core ⇒ sorted). */
class CompletionRing {
  times = new Float64Array(INITIAL_RING);
  dones: (Completion<unknown> | undefined)[] = new Array<Completion<unknown> | undefined>(
    INITIAL_RING,
  );
  args: unknown[] = new Array<unknown>(INITIAL_RING);
  head = 0;
  count = 0;

  push(time: Nanoseconds, done: Completion<unknown>, arg: unknown): void {
    if (this.count === this.times.length) this.grow();
    const i = (this.head + this.count) & (this.times.length - 1);
    this.times[i] = time;
    this.dones[i] = done;
    this.args[i] = arg;
    this.count++;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    const dones = new Array<Completion<unknown> | undefined>(n);
    const args = new Array<unknown>(n);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & (this.times.length - 1);
      times[k] = this.times[i]!;
      dones[k] = this.dones[i];
      args[k] = this.args[i];
    }
    this.times = times;
    this.dones = dones;
    this.args = args;
    this.head = 0;
  }
}

/**
 * The host CPU (DESIGN.md §3): `cores` cores at `ghz`, each a FIFO server. A job starts
 * when its core is free and lasts its cycles / ghz, plus however long its memory-bus
 * bytes (booked from the job's start) wait behind other traffic; its completion
 * callback runs at the end. Each core has one named Timer over a ring of
 * pending completions, so a job costs no closure and no timer of its own.
 */
export class Cpu {
  readonly name: string;
  readonly cores: number;
  readonly ghz: number;
  readonly stats: CpuStats = {
    busyNs: 0,
    cyclesByCategory: new Float64Array(CPU_CATEGORIES.length),
    busyNsByCategory: new Float64Array(CPU_CATEGORIES.length),
    memoryStallNs: 0,
    jobs: 0,
  };
  private readonly scheduler: Scheduler;
  private readonly memory: MemoryBus | null;
  /** When each core finishes its booked work (exact). */
  private readonly free: Float64Array;
  private readonly busy: Float64Array;
  private readonly rings: CompletionRing[] = [];
  private readonly timers: Timer[] = [];

  constructor(opts: {
    scheduler: Scheduler;
    name: string;
    cores: number;
    ghz: number;
    memory: MemoryBus | null;
  }) {
    if (!Number.isInteger(opts.cores) || opts.cores < 1 || !(opts.ghz > 0)) {
      throw new RangeError(`cpu ${opts.name}: needs ≥ 1 core and a positive clock`);
    }
    this.scheduler = opts.scheduler;
    this.name = opts.name;
    this.cores = opts.cores;
    this.ghz = opts.ghz;
    this.memory = opts.memory;
    this.free = new Float64Array(opts.cores);
    this.busy = new Float64Array(opts.cores);
    for (let core = 0; core < opts.cores; core++) {
      this.rings.push(new CompletionRing());
      this.timers.push(
        opts.scheduler.timer(`${opts.name}.core${core}`, (now) => this.complete(core, now)),
      );
    }
  }

  /**
   * Queues `bill` on `core` (FIFO). Starts at max(now, core free); lasts cycles / ghz
   * plus any wait for the memory bus to take bill.memoryBytes (booked from the start);
   * calls done(arg, now) at the end. Returns the finish time. The bill is read, not kept.
   */
  run<A>(core: number, bill: CycleBill, done: Completion<A>, arg: A): Nanoseconds {
    const end = settle(this.book(core, bill));
    const ring = this.rings[core]!;
    // Completions per core finish in order, so the timer only tracks the ring's head.
    ring.push(end, done as Completion<unknown>, arg);
    if (ring.count === 1) this.timers[core]!.arm(end);
    return end;
  }

  /** As `run`, without a completion callback. */
  charge(core: number, bill: CycleBill): Nanoseconds {
    return settle(this.book(core, bill));
  }

  /** The core spins for `ns` (an uncached MMIO register read), charged to `category`. */
  stall(core: number, ns: Nanoseconds, category: CpuCategory): Nanoseconds {
    const start = this.startOn(core);
    const index = CATEGORY_INDEX[category];
    this.stats.cyclesByCategory[index] += ns * this.ghz;
    this.stats.busyNsByCategory[index] += ns;
    return settle(this.occupy(core, start, start + ns));
  }

  /** When `core` will have finished everything booked on it. */
  freeAt(core: number): Nanoseconds {
    return settle(this.free[core]!);
  }

  /** The core that frees up first (lowest index on ties): where to put new work. */
  leastLoadedCore(): number {
    let best = 0;
    for (let core = 1; core < this.cores; core++) {
      if (this.free[core]! < this.free[best]!) best = core;
    }
    return best;
  }

  /**
   * Busy ns summed over cores up to `now`, excluding work queued beyond it. Exact when
   * `now` is the simulation's current time: a job starts no earlier than the time it
   * was queued, so each core's work beyond now is one contiguous block ending at free.
   */
  busyNsUntil(now: Nanoseconds): number {
    let sum = 0;
    for (let core = 0; core < this.cores; core++) {
      sum += this.busy[core]! - Math.max(0, this.free[core]! - now);
    }
    return sum;
  }

  /** Work queued but not finished on the most loaded core, ns. */
  backlogNs(now: Nanoseconds): number {
    let most = 0;
    for (let core = 0; core < this.cores; core++) {
      most = Math.max(most, this.free[core]! - now);
    }
    return most;
  }

  private startOn(core: number): number {
    if (!(core >= 0 && core < this.cores)) {
      throw new RangeError(`cpu ${this.name}: no core ${core} (it has ${this.cores})`);
    }
    return Math.max(this.scheduler.now, this.free[core]!);
  }

  /** Books a bill's work on a core; returns the exact end. */
  private book(core: number, bill: CycleBill): number {
    const start = this.startOn(core);
    const cycles = bill.total();
    const cpuEnd = start + cycles / this.ghz;
    let end = cpuEnd;
    if (this.memory !== null && bill.memoryBytes > 0) {
      // The per-byte copy costs are fitted (R2) on an uncontended bus, so they already
      // include the copy's own memory time; what contention adds is the wait for the bus
      // behind other traffic. A saturated bus therefore stalls every copy.
      this.memory.reserveExact(start, bill.memoryBytes, 'copy');
      end = cpuEnd + Math.max(0, this.memory.lastStart - start);
      this.stats.memoryStallNs += end - cpuEnd;
    }
    const duration = end - start;
    for (let i = 0; i < CPU_CATEGORIES.length; i++) {
      const c = bill.cycles[i]!;
      if (c === 0) continue;
      this.stats.cyclesByCategory[i] += c;
      this.stats.busyNsByCategory[i] += (duration * c) / cycles;
    }
    // A bill of memory traffic alone is copy time.
    if (cycles === 0) this.stats.busyNsByCategory[CATEGORY_INDEX.copy] += duration;
    return this.occupy(core, start, end);
  }

  private occupy(core: number, start: number, end: number): number {
    this.free[core] = end;
    this.busy[core] += end - start;
    this.stats.busyNs += end - start;
    this.stats.jobs++;
    return end;
  }

  /** The core's timer: run every completion due by now, then re-arm for the next. */
  private complete(core: number, now: Nanoseconds): void {
    const ring = this.rings[core]!;
    while (ring.count > 0 && ring.times[ring.head]! <= now) {
      const i = ring.head;
      const done = ring.dones[i]!;
      const arg = ring.args[i];
      ring.dones[i] = undefined;
      ring.args[i] = undefined;
      ring.head = (i + 1) & (ring.times.length - 1);
      ring.count--;
      // Popped first: `done` may queue more work on this core.
      done(arg, now);
    }
    const timer = this.timers[core]!;
    if (ring.count > 0) timer.arm(ring.times[ring.head]!);
    else timer.cancel();
  }
}
