import type { Scheduler, Timer } from '../core/scheduler.ts';
import { FRACTIONAL, settle, type Nanoseconds } from '../core/time.ts';
import { Fifo } from '../core/fifo.ts';
import { ElasticBooking, type MemoryBus } from './memory-bus.ts';

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

/**
 * A category's index in CPU_CATEGORIES. A switch, not a lookup table: `add` is called with
 * seven different names from many places, and a table indexed by name is a megamorphic
 * keyed load per call.
 */
function categoryIndex(category: CpuCategory): number {
  switch (category) {
    case 'copy':
      return 0;
    case 'checksum':
      return 1;
    case 'protocol':
      return 2;
    case 'interrupt':
      return 3;
    case 'syscall':
      return 4;
    case 'driver':
      return 5;
    case 'sync':
      return 6;
  }
}

/**
 * The cost of one piece of host work: cycles by category plus the memory-bus bytes it
 * moves (a copy's 3 B/B, DESIGN.md §3). Callers keep one bill as scratch and `clear()`
 * it per job; `Cpu.run` reads it and keeps nothing.
 */
export class CycleBill {
  readonly cycles = new Float64Array(CPU_CATEGORIES.length);
  memoryBytes = 0;

  add(category: CpuCategory, cycles: number): this {
    this.cycles[categoryIndex(category)] += cycles;
    return this;
  }

  addMemory(bytes: number): this {
    this.memoryBytes += bytes;
    return this;
  }

  clear(): this {
    // Seven stores in a loop: fill() is a call into a built-in, per job.
    const cycles = this.cycles;
    for (let i = 0; i < cycles.length; i++) cycles[i] = 0;
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
  /** Busy ns of the jobs finished so far, over all cores (memory stalls included). */
  busyNs: number;
  /** Cycles charged per category by finished jobs, in CPU_CATEGORIES order. */
  cyclesByCategory: Float64Array;
  /** Busy ns per category: a finished job's time (memory stalls included) split by its cycles. */
  busyNsByCategory: Float64Array;
  /** Of `busyNs`, time cores spent waiting for the memory bus beyond their cycles. */
  memoryStallNs: number;
  /** Jobs finished, charged or stalled. */
  jobs: number;
}

const NO_DONE: Completion<unknown> = () => {};

/** One piece of queued work: a copy of the bill that asked for it. */
class Job {
  readonly cycles = new Float64Array(CPU_CATEGORIES.length);
  totalCycles = 0;
  memoryBytes = 0;
  /** A plain spin of this many ns (an MMIO read), charged to `stallCategory`. */
  spinNs = 0;
  stallCategory = 0;
  done: Completion<unknown> = NO_DONE;
  arg: unknown = undefined;

  /** ns of core time it needs on its own (its cycles, or its spin). */
  ownNs(ghz: number): number {
    return this.spinNs > 0 ? this.spinNs : this.totalCycles / ghz;
  }
}

/** One core: a FIFO of jobs, the one running, and the timer for its end. */
class Core {
  readonly queue = new Fifo<Job>();
  running: Job | null = null;
  start = 0;
  /** When the running job's instructions are done (its memory may take longer). */
  cpuEnd = 0;
  end = 0;
  /** ns of core time the queued jobs need on their own. */
  queuedNs = 0;
  /** Busy ns of the jobs this core finished. */
  busy = 0;
  /** The running job's callback is being called (new work must queue behind the rest). */
  finishing = false;
  /** The running job's memory traffic, reused from job to job. */
  readonly booking = new ElasticBooking();
  bookingActive = false;

  constructor(readonly timer: Timer) {
    // Doubles from the start (see FRACTIONAL).
    this.start = this.cpuEnd = this.end = this.queuedNs = this.busy = FRACTIONAL;
    this.start = this.cpuEnd = this.end = this.queuedNs = this.busy = 0;
  }
}

/**
 * The host CPU (DESIGN.md §3): `cores` cores at `ghz`, each a FIFO server. A job starts
 * when its core is free and lasts its cycles / ghz — or longer, when its memory-bus bytes,
 * moving alongside its instructions at most as fast as the core issues them, share a bus
 * busy with other traffic; DMA that comes later pushes a running copy later still. Its
 * completion callback runs at the end, then the core takes the next job. Each core has one
 * named Timer; finished jobs go back to a pool, so a job costs no allocation.
 */
export class Cpu {
  readonly name: string;
  /** Numbers from the start (see core/time.ts). */
  readonly cores: number = 0;
  readonly ghz: number = 0;
  readonly stats: CpuStats = {
    busyNs: 0,
    cyclesByCategory: new Float64Array(CPU_CATEGORIES.length),
    busyNsByCategory: new Float64Array(CPU_CATEGORIES.length),
    memoryStallNs: 0,
    jobs: 0,
  };
  private readonly scheduler: Scheduler;
  private readonly memory: MemoryBus | null;
  private readonly coreState: Core[] = [];
  private readonly pool: Job[] = [];

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
    for (let core = 0; core < opts.cores; core++) {
      const timer = opts.scheduler.timer(`${opts.name}.core${core}`, (now) =>
        this.complete(core, now),
      );
      this.coreState.push(new Core(timer));
    }
  }

  /**
   * Queues `bill` on `core` (FIFO); calls done(arg, now) when it has run. Returns when it
   * is expected to end, from the core's own time alone (a memory-bound job ends later).
   * The bill is copied, not kept.
   */
  run<A>(core: number, bill: CycleBill, done: Completion<A>, arg: A): Nanoseconds {
    const job = this.take();
    // Copied and summed in one loop (set() is a call into a built-in); summed in index
    // order, as `total` does.
    let total = 0;
    for (let i = 0; i < job.cycles.length; i++) {
      const n = bill.cycles[i]!;
      job.cycles[i] = n;
      total += n;
    }
    job.totalCycles = total;
    job.memoryBytes = bill.memoryBytes;
    job.done = done as Completion<unknown>;
    job.arg = arg;
    return this.queue(core, job);
  }

  /** As `run`, without a completion callback. */
  charge(core: number, bill: CycleBill): Nanoseconds {
    return this.run(core, bill, NO_DONE, undefined);
  }

  /** The core spins for `ns` (an uncached MMIO register read), charged to `category`. */
  stall(core: number, ns: Nanoseconds, category: CpuCategory): Nanoseconds {
    const job = this.take();
    job.cycles.fill(0);
    job.spinNs = ns;
    job.stallCategory = categoryIndex(category);
    return this.queue(core, job);
  }

  /** When `core` is expected to have finished everything queued on it. */
  freeAt(core: number): Nanoseconds {
    return settle(this.expectedFree(this.coreOf(core)));
  }

  /** Exact: the running job's end (or now) plus the queued jobs' own time. */
  private expectedFree(c: Core): number {
    const now = this.scheduler.now;
    return (c.running === null ? now : Math.max(now, c.end)) + c.queuedNs;
  }

  /** The core that frees up first (lowest index on ties): where to put new work. */
  leastLoadedCore(): number {
    let best = 0;
    for (let core = 1; core < this.cores; core++) {
      if (this.freeAt(core) < this.freeAt(best)) best = core;
    }
    return best;
  }

  /** Busy ns summed over cores up to `now`: finished jobs, and the running ones so far. */
  busyNsUntil(now: Nanoseconds): number {
    let sum = 0;
    for (const c of this.coreState) {
      sum += c.busy;
      if (c.running !== null) sum += Math.max(0, Math.min(now, c.end) - c.start);
    }
    return sum;
  }

  /** Work queued but not finished on the most loaded core, ns. */
  backlogNs(now: Nanoseconds): number {
    let most = 0;
    for (let core = 0; core < this.cores; core++) most = Math.max(most, this.freeAt(core) - now);
    return most;
  }

  private coreOf(core: number): Core {
    const c = this.coreState[core];
    if (c === undefined) {
      throw new RangeError(`cpu ${this.name}: no core ${core} (it has ${this.cores})`);
    }
    return c;
  }

  /** A job from the pool, cleared but for its cycles (`run` overwrites them all). */
  private take(): Job {
    const job = this.pool.pop() ?? new Job();
    job.spinNs = 0;
    job.memoryBytes = 0;
    job.totalCycles = 0;
    return job;
  }

  private queue(core: number, job: Job): Nanoseconds {
    const c = this.coreOf(core);
    const expected = this.expectedFree(c) + job.ownNs(this.ghz);
    // FIFO: while a finishing job's callback runs, new work queues behind what waits.
    if (c.running === null && !c.finishing) this.begin(c, job, this.scheduler.now);
    else {
      c.queue.push(job);
      c.queuedNs += job.ownNs(this.ghz);
    }
    return settle(expected);
  }

  /** Starts `job` on core `c` at `now` (exact): its end, and its memory traffic if any. */
  private begin(c: Core, job: Job, now: number): void {
    c.running = job;
    c.start = now;
    c.cpuEnd = now + job.ownNs(this.ghz);
    c.end = c.cpuEnd;
    if (this.memory !== null && job.memoryBytes > 0) {
      // The traffic runs alongside the instructions, at most as fast as the core issues
      // it (its bytes over its cycle time); where the bus is busy the core waits. (A job
      // chained from the exact end of the last starts a fraction of a ns before the
      // scheduler's now; its traffic starts at now, at the pace that ends with its cycles.)
      const memStart = Math.max(now, this.scheduler.now);
      const cpuNs = c.cpuEnd - memStart;
      const rate = cpuNs > 0 ? job.memoryBytes / cpuNs : Infinity;
      const memEnd = this.memory.reserveCopy(memStart, job.memoryBytes, rate, c.booking);
      c.bookingActive = true;
      c.end = Math.max(c.cpuEnd, memEnd);
    }
    c.timer.arm(settle(c.end));
  }

  /** The core's timer: the running job is done; account it, call back, start the next. */
  private complete(core: number, now: Nanoseconds): void {
    const c = this.coreState[core]!;
    const job = c.running!;
    if (c.bookingActive) {
      // DMA may have taken some of the copy's bus time since it started: then it goes on.
      const end = Math.max(c.cpuEnd, this.memory!.copyEnd(c.booking));
      if (settle(end) > now) {
        c.end = end;
        c.timer.arm(settle(end));
        return;
      }
      this.memory!.copyDone(c.booking);
      c.bookingActive = false;
    }
    const duration = c.end - c.start;
    const st = this.stats;
    st.busyNs += duration;
    st.jobs++;
    c.busy += duration;
    if (job.spinNs > 0) {
      st.cyclesByCategory[job.stallCategory] += job.spinNs * this.ghz;
      st.busyNsByCategory[job.stallCategory] += duration;
    } else {
      st.memoryStallNs += c.end - c.cpuEnd;
      const cycles = job.totalCycles;
      for (let i = 0; i < CPU_CATEGORIES.length; i++) {
        const n = job.cycles[i]!;
        if (n === 0) continue;
        st.cyclesByCategory[i] += n;
        st.busyNsByCategory[i] += (duration * n) / cycles;
      }
      // A bill of memory traffic alone is copy time.
      if (cycles === 0) st.busyNsByCategory[categoryIndex('copy')] += duration;
    }
    c.running = null;
    const done = job.done;
    const arg = job.arg;
    job.done = NO_DONE;
    job.arg = undefined;
    this.pool.push(job);
    // Called before the next job starts: `done` may queue more work on this core.
    c.finishing = true;
    done(arg, now);
    c.finishing = false;
    const next = c.queue.shift();
    if (next !== undefined) {
      c.queuedNs -= next.ownNs(this.ghz);
      // From the exact end, not the timer's whole nanosecond: no rounding drift.
      this.begin(c, next, c.end);
    } else {
      c.queuedNs = 0;
    }
  }
}
