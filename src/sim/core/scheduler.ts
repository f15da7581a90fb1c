import type { Nanoseconds } from './time.ts';

/**
 * A named, cancellable event owned by a model component (one field per timer, as in
 * gem5's NIC models). Arming and cancelling never allocate.
 */
export interface Timer {
  readonly name: string;
  /** True while the timer will fire. */
  readonly armed: boolean;
  /** When it will fire, or -1 when not armed. */
  readonly deadline: Nanoseconds;
  /** Fire at absolute time `at` (≥ now), replacing any earlier arming. */
  arm(at: Nanoseconds): void;
  /** Fire `delay` ns from now. */
  armAfter(delay: Nanoseconds): void;
  /** O(1): the queued entry is left in the heap and skipped when it surfaces. */
  cancel(): void;
}

type Callback = (now: Nanoseconds) => void;

const RELEASED: Callback = () => {};

class TimerSlot implements Timer {
  deadline: Nanoseconds = -1;
  /** Time of this slot's live heap entry, or -1 when it has none. */
  queuedAt: Nanoseconds = -1;
  /** Bumped to invalidate a queued entry that fires later than a new arming. */
  generation = 0;

  constructor(
    private readonly scheduler: Scheduler,
    readonly id: number,
    readonly name: string,
    public callback: Callback,
  ) {}

  get armed(): boolean {
    return this.deadline >= 0;
  }

  /** Given back with Scheduler.release: arming it does nothing. */
  get released(): boolean {
    return this.callback === RELEASED;
  }

  arm(at: Nanoseconds): void {
    if (!this.released) this.scheduler.armSlot(this, at);
  }

  armAfter(delay: Nanoseconds): void {
    if (!this.released) this.scheduler.armSlot(this, this.scheduler.now + delay);
  }

  cancel(): void {
    this.deadline = -1;
  }
}

const INITIAL_CAPACITY = 1024;

/**
 * The discrete-event scheduler: integer-nanosecond time, events ordered by
 * (time, sequence) so equal times run first-in first-out (ns-3, SimPy).
 *
 * The queue is a binary heap held in typed arrays. Re-arming a timer to a later time
 * than its queued entry only moves its deadline; the entry is re-queued when it
 * surfaces (the way Linux's TCP timers are lazily modified), so a retransmission timer
 * re-armed on every ACK costs no heap work.
 */
export class Scheduler {
  now: Nanoseconds = 0;
  /** Events whose callbacks ran. */
  eventsRun = 0;

  private times = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private slotIds = new Int32Array(INITIAL_CAPACITY);
  private generations = new Int32Array(INITIAL_CAPACITY);
  private size = 0;
  private nextSeq = 0;
  private readonly slots: TimerSlot[] = [];
  /** Slot numbers given back by `release`, reused by the next timers. */
  private readonly freeIds: number[] = [];
  private stopRequested = false;

  /** A reusable named timer that calls `callback(now)` each time it fires. */
  timer(name: string, callback: Callback): Timer {
    const id = this.freeIds.pop() ?? this.slots.length;
    const previous = this.slots[id];
    const slot = new TimerSlot(this, id, name, callback);
    // Entries the previous owner left queued carry older generations: they stay stale.
    if (previous !== undefined) slot.generation = previous.generation + 1;
    this.slots[id] = slot;
    return slot;
  }

  /**
   * The owner is done with `timer` for good (a closed connection): it never fires again,
   * arming it does nothing, and its slot goes to a later timer. Without this every timer
   * ever made — and through its callback the object that made it — stays alive as long
   * as the scheduler, so a run that opens connections without end grows without end.
   */
  release(timer: Timer): void {
    const slot = this.slots[(timer as TimerSlot).id];
    if (slot !== timer || slot.released) return;
    slot.deadline = -1;
    slot.callback = RELEASED;
    this.freeIds.push(slot.id);
  }

  /** Timers made and not released (for tests and diagnostics). */
  get timers(): number {
    return this.slots.length - this.freeIds.length;
  }

  /**
   * Runs `callback` once at `at`. For rare events (scenario events, setup): each call
   * creates a timer, so hot paths use a component's own Timer instead.
   */
  at(at: Nanoseconds, name: string, callback: Callback): Timer {
    const timer = this.timer(name, callback);
    timer.arm(at);
    return timer;
  }

  /** @internal used by TimerSlot */
  armSlot(slot: TimerSlot, at: Nanoseconds): void {
    if (!(at >= this.now)) {
      throw new RangeError(`timer ${slot.name}: cannot arm at ${at} ns, now is ${this.now} ns`);
    }
    const t = Math.round(at);
    slot.deadline = t;
    if (slot.queuedAt >= 0 && slot.queuedAt <= t) return;
    slot.generation++;
    slot.queuedAt = t;
    this.push(t, slot.id, slot.generation);
  }

  /** Time of the next live event, or Infinity when the queue is empty. */
  nextEventTime(): Nanoseconds {
    while (this.size > 0) {
      const slot = this.slots[this.slotIds[0]!]!;
      if (this.generations[0] !== slot.generation || slot.deadline < 0) {
        if (this.generations[0] === slot.generation) slot.queuedAt = -1;
        this.pop();
        continue;
      }
      if (slot.deadline > this.times[0]!) {
        // Re-armed later: move the entry to its real deadline before answering, or an
        // earlier event behind it would be skipped.
        this.pop();
        slot.queuedAt = slot.deadline;
        this.push(slot.deadline, slot.id, slot.generation);
        continue;
      }
      return this.times[0]!;
    }
    return Infinity;
  }

  /** Runs one event; false when none is left. */
  step(): boolean {
    while (this.size > 0) {
      const time = this.times[0]!;
      const slot = this.slots[this.slotIds[0]!]!;
      const live = this.generations[0] === slot.generation;
      this.pop();
      if (!live) continue;
      slot.queuedAt = -1;
      if (slot.deadline < 0) continue;
      if (slot.deadline > time) {
        slot.queuedAt = slot.deadline;
        this.push(slot.deadline, slot.id, slot.generation);
        continue;
      }
      this.now = time;
      slot.deadline = -1;
      this.eventsRun++;
      slot.callback(time);
      return true;
    }
    return false;
  }

  /**
   * Runs every event at or before `end`, then sets the clock to `end`. Returns the
   * number of events run. Stops early (clock left at the last event) on `stop()`.
   */
  runUntil(end: Nanoseconds): number {
    const before = this.eventsRun;
    this.stopRequested = false;
    while (!this.stopRequested && this.nextEventTime() <= end) this.step();
    if (!this.stopRequested && end > this.now) this.now = end;
    return this.eventsRun - before;
  }

  /** Asks a running `runUntil` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Heap entries, live or stale (for tests and diagnostics). */
  get queued(): number {
    return this.size;
  }

  private less(i: number, j: number): boolean {
    const ti = this.times[i]!;
    const tj = this.times[j]!;
    return ti < tj || (ti === tj && this.seqs[i]! < this.seqs[j]!);
  }

  private swap(i: number, j: number): void {
    const t = this.times[i]!;
    this.times[i] = this.times[j]!;
    this.times[j] = t;
    const s = this.seqs[i]!;
    this.seqs[i] = this.seqs[j]!;
    this.seqs[j] = s;
    const id = this.slotIds[i]!;
    this.slotIds[i] = this.slotIds[j]!;
    this.slotIds[j] = id;
    const g = this.generations[i]!;
    this.generations[i] = this.generations[j]!;
    this.generations[j] = g;
  }

  private push(time: Nanoseconds, slotId: number, generation: number): void {
    if (this.size === this.times.length) this.grow();
    let i = this.size++;
    this.times[i] = time;
    this.seqs[i] = this.nextSeq++;
    this.slotIds[i] = slotId;
    this.generations[i] = generation;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private pop(): void {
    const last = --this.size;
    if (last > 0) {
      this.times[0] = this.times[last]!;
      this.seqs[0] = this.seqs[last]!;
      this.slotIds[0] = this.slotIds[last]!;
      this.generations[0] = this.generations[last]!;
    }
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && this.less(r, l) ? r : l;
      if (!this.less(c, i)) break;
      this.swap(c, i);
      i = c;
    }
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    times.set(this.times);
    this.times = times;
    const seqs = new Float64Array(n);
    seqs.set(this.seqs);
    this.seqs = seqs;
    const ids = new Int32Array(n);
    ids.set(this.slotIds);
    this.slotIds = ids;
    const gens = new Int32Array(n);
    gens.set(this.generations);
    this.generations = gens;
  }
}
