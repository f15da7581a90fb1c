import { ServedMeter } from './served-meter.ts';
import type { Clock } from './fluid-calendar.ts';
import { FRACTIONAL } from './time.ts';

const INITIAL_SLOTS = 1024;
/** Amounts smaller than this are float noise from chained arithmetic. */
const EPSILON = 1e-9;

/**
 * The fluid calendar (fluid-calendar.ts) for a server that only ever takes ordinary
 * bookings — the PCI-X bus and the card engine, which no CPU copy yields on: the same slots,
 * the same arithmetic and so the same answers (a property test replays random bookings
 * through both), without the elastic ring and the checks for it. It is the hottest code
 * of the simulator — several bookings per frame — so it is kept to one loop in one
 * function, its bounds in fields rather than recomputed per slot.
 */
export class RigidCalendar {
  // FRACTIONAL before the real values, so that V8 holds these as doubles (see core/time.ts):
  // the PCI-X bus's are small integers, the card engine's and the memory bus's are not, and
  // a field that held both kinds was checked for each at every read.
  /** Units per ns the server moves. */
  readonly capacity: number = FRACTIONAL;
  readonly slotNs: number = FRACTIONAL;
  private readonly slotUnits: number = FRACTIONAL;
  /** Units booked per slot, a ring from `base`. */
  private rigid = new Float64Array(INITIAL_SLOTS);
  /** Absolute index of the oldest slot kept. */
  private base = 0;
  /** Units booked in slots already retired. */
  private served = 0;
  /** Units booked in total. */
  private booked = 0;
  /** Absolute index of the last slot holding a booking. */
  private last = -1;
  /** Slots before this are full: a booking skips them. */
  private open = 0;
  /** The first slot the ring cannot hold yet (base + its length): grow before it. */
  private limitK = INITIAL_SLOTS;
  /** When the slot now is in ends: nothing to retire before then. */
  private retireAt = 0;
  /** What `doneUntil` answers: never shrinking, never faster than the capacity. */
  private readonly servedMeter: ServedMeter;

  constructor(
    private readonly clock: Clock,
    capacity: number,
    slotNs: number,
  ) {
    if (!(capacity > 0) || !(slotNs > 0)) {
      throw new RangeError('rigid calendar: capacity and slot width must be > 0');
    }
    this.capacity = capacity;
    // Doubles from the start (see FRACTIONAL).
    this.served = this.booked = this.retireAt = FRACTIONAL;
    this.served = this.booked = this.retireAt = 0;
    this.servedMeter = new ServedMeter(capacity);
    this.slotNs = slotNs;
    this.slotUnits = capacity * slotNs;
  }

  /** Units booked in total (done or not). */
  get bookedUnits(): number {
    return this.booked;
  }

  /**
   * Books `amount` units from `at` (never before now), at most `maxRate` units per ns, in
   * what each slot has left; returns when the last unit is served (exact, in ns).
   */
  reserve(at: number, amount: number, maxRate = Infinity): number {
    const now = this.clock.now;
    if (now >= this.retireAt) this.retire(now);
    // `+` types the loop's starting values as numbers for V8's optimiser: a loop variable
    // that starts as an untyped parameter stays boxed, and every pass over a slot then
    // allocated a heap number (2/3 of the bytes a host-stack run allocated in the calendars).
    let t = at > now ? +at : +now;
    // The loop's other numbers are typed once here too: read as they stand (a field, an
    // argument, the module's EPSILON), each was checked again on every pass (a heap
    // number's map, a small integer's tag), a third of a pass's instructions.
    const epsilon = +EPSILON;
    if (!(amount > epsilon)) return t;
    this.booked += amount;
    const capacity = +this.capacity;
    const rateCap = maxRate < capacity ? +maxRate : capacity;
    const slotNs = +this.slotNs;
    const slotUnits = +this.slotUnits;
    let rigid = this.rigid;
    let k = Math.floor(t / slotNs);
    let open = this.open;
    if (open <= this.last) {
      const full = slotUnits - epsilon;
      const mask = rigid.length - 1;
      while (open <= this.last && rigid[open & mask]! >= full) open++;
      this.open = open;
    }
    if (k < open) {
      k = open;
      t = k * slotNs;
    }
    if (k > this.last) this.last = k;
    let mask = rigid.length - 1;
    let remaining = +amount;
    for (;;) {
      if (k >= this.limitK) {
        this.grow(k);
        rigid = this.rigid;
        mask = rigid.length - 1;
      }
      const i = k & mask;
      const slotEnd = (k + 1) * slotNs;
      const span = slotEnd - t;
      const used = rigid[i]!;
      let avail = slotUnits - used;
      const bySpan = span * rateCap;
      if (bySpan < avail) avail = bySpan;
      if (avail > epsilon) {
        const take = remaining < avail ? remaining : avail;
        rigid[i] = used + take;
        remaining -= take;
        if (remaining <= epsilon) {
          if (k > this.last) this.last = k;
          return t + (take / avail) * span;
        }
      }
      k++;
      t = slotEnd;
    }
  }

  /** Units served by `now` (slots before now whole, now's slot in proportion). */
  doneUntil(now: number): number {
    this.retire(this.clock.now);
    const mask = this.rigid.length - 1;
    const k = Math.floor(now / this.slotNs);
    let done = this.served;
    for (let j = this.base; j < k && j <= this.last; j++) done += this.rigid[j & mask]!;
    if (k <= this.last && k >= this.base) {
      done += (this.rigid[k & mask]! * (now - k * this.slotNs)) / this.slotNs;
    }
    return this.servedMeter.answer(done, now);
  }

  /** Units booked but not yet served at `now`. */
  bookedAfter(now: number): number {
    return Math.max(0, this.booked - this.doneUntil(now));
  }

  /** Forgets slots that lie wholly before now, adding them to `served`. */
  private retire(now: number): void {
    if (now < this.retireAt) return;
    const k = Math.floor(now / this.slotNs);
    this.retireAt = (k + 1) * this.slotNs;
    if (k <= this.base) return;
    const stop = Math.min(k, this.last + 1);
    const rigid = this.rigid;
    const mask = rigid.length - 1;
    let served = this.served;
    for (let j = this.base; j < stop; j++) {
      const i = j & mask;
      served += rigid[i]!;
      rigid[i] = 0;
    }
    this.served = served;
    this.base = k;
    this.limitK = k + rigid.length;
    // Slots now behind us no longer hold the open mark back (their spare capacity, in
    // the past, is idle time).
    if (this.open < k) this.open = k;
  }

  /** Doubles the ring until slot k fits. */
  private grow(k: number): void {
    while (k - this.base >= this.rigid.length) {
      const n = this.rigid.length;
      const next = new Float64Array(n * 2);
      for (let j = this.base; j < this.base + n; j++)
        next[j & (2 * n - 1)] = this.rigid[j & (n - 1)]!;
      this.rigid = next;
    }
    this.limitK = this.base + this.rigid.length;
  }
}
