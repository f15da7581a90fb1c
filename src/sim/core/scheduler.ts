import { FRACTIONAL, type Nanoseconds } from './time.ts';

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
  /** A number from the start (see core/time.ts). */
  readonly id: number = 0;

  constructor(
    private readonly scheduler: Scheduler,
    id: number,
    readonly name: string,
    public callback: Callback,
  ) {
    this.id = id;
    // Doubles from the start (see FRACTIONAL).
    this.deadline = this.queuedAt = FRACTIONAL;
    this.deadline = this.queuedAt = -1;
  }

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

  constructor() {
    // Doubles from the start (see FRACTIONAL): `now` is read everywhere.
    this.now = FRACTIONAL;
    this.now = 0;
  }

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
    return this.surface() ? this.times[0]! : Infinity;
  }

  /** Runs one event; false when none is left. */
  step(): boolean {
    if (!this.surface()) return false;
    this.fire();
    return true;
  }

  /**
   * Runs every event at or before `end`, then sets the clock to `end`. Returns the
   * number of events run. Stops early (clock left at the last event) on `stop()`.
   */
  runUntil(end: Nanoseconds): number {
    const before = this.eventsRun;
    this.stopRequested = false;
    this.runEvents(end);
    if (!this.stopRequested && end > this.now) this.now = end;
    return this.eventsRun - before;
  }

  /**
   * runUntil's loop, in a function of its own. V8 compiles the loop while it runs, before
   * the code after it has ever run; in one function, that code then had no type feedback
   * and threw the optimised code out at every return (--trace-deopt).
   */
  private runEvents(end: Nanoseconds): void {
    while (!this.stopRequested && this.surface() && this.times[0]! <= end) this.fire();
  }

  /**
   * Drops stale entries from the top of the heap (cancelled, superseded, or re-armed to a
   * later time, which are moved to their real deadline) until a live one is on top.
   * False when the queue is empty.
   */
  private surface(): boolean {
    const times = this.times;
    while (this.size > 0) {
      const slot = this.slots[this.slotIds[0]!]!;
      if (this.generations[0] !== slot.generation || slot.deadline < 0) {
        if (this.generations[0] === slot.generation) slot.queuedAt = -1;
        this.pop();
        continue;
      }
      if (slot.deadline > times[0]!) {
        // Re-armed later: move the entry to its real deadline before answering, or an
        // earlier event behind it would be skipped.
        this.pop();
        slot.queuedAt = slot.deadline;
        this.push(slot.deadline, slot.id, slot.generation);
        continue;
      }
      return true;
    }
    return false;
  }

  /** Runs the live event on top of the heap (`surface` put it there). */
  private fire(): void {
    const time = this.times[0]!;
    const slot = this.slots[this.slotIds[0]!]!;
    this.pop();
    slot.queuedAt = -1;
    this.now = time;
    slot.deadline = -1;
    this.eventsRun++;
    slot.callback(time);
  }

  /** Asks a running `runUntil` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Heap entries, live or stale (for tests and diagnostics). */
  get queued(): number {
    return this.size;
  }

  /** Adds an entry, sifting a hole up from the end (ordered by time, then sequence). */
  private push(time: Nanoseconds, slotId: number, generation: number): void {
    if (this.size === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const ids = this.slotIds;
    const gens = this.generations;
    const seq = this.nextSeq++;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const tp = times[parent]!;
      if (tp < time || (tp === time && seqs[parent]! < seq)) break;
      times[i] = tp;
      seqs[i] = seqs[parent]!;
      ids[i] = ids[parent]!;
      gens[i] = gens[parent]!;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    ids[i] = slotId;
    gens[i] = generation;
  }

  /** Removes the top entry, sifting the last one down from the root. */
  private pop(): void {
    const size = --this.size;
    if (size === 0) return;
    const times = this.times;
    const seqs = this.seqs;
    const ids = this.slotIds;
    const gens = this.generations;
    const time = times[size]!;
    const seq = seqs[size]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      let c = l;
      const r = l + 1;
      if (r < size) {
        const tr = times[r]!;
        const tl = times[l]!;
        if (tr < tl || (tr === tl && seqs[r]! < seqs[l]!)) c = r;
      }
      const tc = times[c]!;
      if (time < tc || (time === tc && seq < seqs[c]!)) break;
      times[i] = tc;
      seqs[i] = seqs[c]!;
      ids[i] = ids[c]!;
      gens[i] = gens[c]!;
      i = c;
    }
    times[i] = time;
    seqs[i] = seq;
    ids[i] = ids[size]!;
    gens[i] = gens[size]!;
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
