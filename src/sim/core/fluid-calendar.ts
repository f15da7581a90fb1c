import { ServedMeter } from './served-meter.ts';
import { FRACTIONAL, type Nanoseconds } from './time.ts';

/** What a calendar reads the current time from (the scheduler). */
export interface Clock {
  readonly now: Nanoseconds;
}

const INITIAL_SLOTS = 1024;
/** Amounts smaller than this are float noise from chained arithmetic. */
const EPSILON = 1e-9;

/**
 * A long transfer that yields to short ones (a CPU copy on the memory bus): booked in
 * the capacity the server has left; where a transfer booked after it needs the bus at the
 * same time, the units it gives up are owed to it and booked after its end when its owner
 * comes to take that end (`settleElastic`).
 */
export class ElasticBooking {
  /** When its last booked unit is served (exact, ns). */
  end = 0;
  /** Units given up to ordinary bookings and not yet booked again. */
  owed = 0;
  /** Absolute index of the first slot it holds units in. */
  firstSlot = 0;
  /** Units it holds per slot, from firstSlot on. */
  units = new Float64Array(64);
  /** Slots used in `units`. */
  length = 0;
  rateCap = Infinity;
  active = false;

  constructor() {
    // Doubles from the start (see FRACTIONAL).
    this.end = this.owed = FRACTIONAL;
    this.end = this.owed = 0;
  }
}

/**
 * A shared server whose capacity is divided among the work that runs on it at the same
 * time (the memory bus, the PCI-X bus): a fluid model, in slots of `slotNs`.
 *
 * Each slot holds `capacity × slotNs` units (bytes for the memory bus, ns of bus time for
 * PCI-X). A booking asks for `amount` units from `at`, at most `maxRate` units per ns (a
 * DMA no faster than its bus moves data), and takes what is free in each slot from `at`
 * on, in the order bookings are made. So work slows down exactly while the server is busy
 * with other work, and never waits behind idle time: there is no block that has to fit in
 * one gap (the "wait for everything booked ahead" of a plain calendar), and nothing is
 * forgotten — every slot from now to the last booking is kept, in a ring that grows.
 *
 * Elastic bookings (CPU copies on the memory bus) take only what ordinary bookings leave,
 * and give way to ordinary bookings made later for the same time: the units displaced move
 * to the elastic booking's end, which is reported. So a long copy cannot starve DMA, as a
 * memory controller interleaving both would not let it.
 *
 * Within a slot, free capacity and bookings are taken as spread evenly; `slotNs` is the
 * model's resolution (a cost-table parameter), and results must not depend on it beyond
 * that resolution (a test runs presets at two resolutions).
 *
 * Nothing is scheduled: a booking returns when it ends, the caller arms its own timer.
 */
export class FluidCalendar {
  // FRACTIONAL before the real values, so that V8 holds these as doubles (see core/time.ts):
  // the PCI-X bus's are small integers, the card engine's and the memory bus's are not, and
  // a field that held both kinds was checked for each at every read.
  /** Units per ns the server moves. */
  readonly capacity: number = FRACTIONAL;
  readonly slotNs: number = FRACTIONAL;
  private readonly slotUnits: number = FRACTIONAL;
  /** Units booked per slot by ordinary and by elastic bookings (rings from `base`). */
  private rigid = new Float64Array(INITIAL_SLOTS);
  private elastic = new Float64Array(INITIAL_SLOTS);
  /** Absolute index of the oldest slot kept (the one `now` is in, or earlier). */
  private base = 0;
  /** Units booked in slots already retired (before `base`). */
  private served = 0;
  /** Units booked in total. */
  private booked = 0;
  /** Absolute index of the last slot holding a booking. */
  private last = -1;
  /**
   * Slots before these are full (for ordinary bookings: of ordinary units; for elastic
   * ones: of all units), so a booking skips them: a saturated server books in O(1), not
   * by walking its whole backlog.
   */
  private openRigid = 0;
  private openAll = 0;
  /** The first slot the rings cannot hold yet (base + ring length): grow before it. */
  private limitK = INITIAL_SLOTS;
  /** When the slot now is in ends: nothing to retire before then. */
  private retireAt = 0;
  /** What `doneUntil` answers: never shrinking, never faster than the capacity. */
  private readonly servedMeter: ServedMeter;
  /** Elastic bookings not yet finished, oldest first. */
  private readonly streams: ElasticBooking[] = [];
  /**
   * Whether any elastic booking was ever made: a server without them (PCI-X, the card
   * engine) never reads the elastic ring, so its bookings skip that work.
   */
  private elasticEver = false;

  constructor(
    private readonly clock: Clock,
    capacity: number,
    slotNs: number,
  ) {
    if (!(capacity > 0) || !(slotNs > 0)) {
      throw new RangeError('fluid calendar: capacity and slot width must be > 0');
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
   * Books `amount` units from `at` (never before now), at most `maxRate` units per ns,
   * ahead of any elastic booking; returns when the last unit is served (exact, in ns).
   */
  reserve(at: number, amount: number, maxRate = Infinity): number {
    const now = this.clock.now;
    if (now >= this.retireAt) this.retire();
    // `+` types the loop's starting values as numbers for V8's optimiser: a loop variable
    // that starts as an untyped parameter stays boxed, and every pass over a slot then
    // allocated a heap number (see rigid-calendar.ts).
    let t = at > now ? +at : +now;
    // Typed once here, not checked again on every pass (see rigid-calendar.ts).
    const epsilon = +EPSILON;
    if (!(amount > epsilon)) return t;
    this.booked += amount;
    // The hot path of both buses: one function, arrays and rates in locals. Most transfers
    // fit in the slot they start in: the loop's first pass books them.
    if (this.openRigid <= this.last) this.advanceOpen();
    const elasticEver = this.elasticEver;
    const capacity = +this.capacity;
    const rateCap = maxRate < capacity ? +maxRate : capacity;
    const slotNs = +this.slotNs;
    const slotUnits = +this.slotUnits;
    let remaining = +amount;
    let k = Math.floor(t / slotNs);
    if (k < this.openRigid) {
      k = this.openRigid;
      t = k * slotNs;
    }
    if (k > this.last) this.last = k;
    let rigid = this.rigid;
    let mask = rigid.length - 1;
    for (;;) {
      if (k >= this.limitK) {
        this.growTo(k);
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
        // `displace` works out the excess itself: passed as an argument, the double was
        // boxed on every pass, whether the call was made or not.
        if (elasticEver && rigid[i]! + this.elastic[i]! - slotUnits > epsilon) this.displace(k, i);
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

  /**
   * Books `amount` units from `at` as an elastic booking, reusing `booking`; returns its end
   * as booked (later, if ordinary bookings take its units: see `settleElastic`).
   */
  reserveElastic(at: number, amount: number, maxRate: number, booking: ElasticBooking): number {
    this.retire();
    const t0 = Math.max(at, this.clock.now);
    booking.firstSlot = Math.floor(t0 / this.slotNs);
    booking.length = 0;
    booking.rateCap = maxRate;
    booking.owed = 0;
    booking.end = t0;
    if (!(amount > EPSILON)) return t0;
    this.booked += amount;
    this.elasticEver = true;
    booking.active = true;
    this.streams.push(booking);
    booking.end = this.fillElastic(t0, amount, maxRate, booking);
    return booking.end;
  }

  /**
   * The elastic booking's end, once the units it gave up are booked again after it
   * (its owner asks when the end it knew comes: it may have to wait longer).
   */
  settleElastic(booking: ElasticBooking): number {
    if (booking.owed > EPSILON) {
      const owed = booking.owed;
      booking.owed = 0;
      booking.end = this.fillElastic(
        Math.max(booking.end, this.clock.now),
        owed,
        booking.rateCap,
        booking,
      );
    }
    return booking.end;
  }

  /** The elastic booking's work is done (its owner took its end): it yields no more. */
  finish(booking: ElasticBooking): void {
    if (!booking.active) return;
    booking.active = false;
    // Removed in place: splice would allocate the array of what it removes.
    const streams = this.streams;
    const i = streams.indexOf(booking);
    if (i < 0) return;
    for (let s = i + 1; s < streams.length; s++) streams[s - 1] = streams[s]!;
    streams.pop();
  }

  /** Units served by `now` (slots before now whole, now's slot in proportion). */
  doneUntil(now: number): number {
    this.retire();
    const k = Math.floor(now / this.slotNs);
    let done = this.served;
    for (let j = this.base; j < k && j <= this.last; j++) done += this.usedAt(j);
    if (k <= this.last && k >= this.base) {
      done += (this.usedAt(k) * (now - k * this.slotNs)) / this.slotNs;
    }
    return this.servedMeter.answer(done, now);
  }

  /** Units booked but not yet served at `now`. */
  bookedAfter(now: number): number {
    return Math.max(0, this.booked - this.doneUntil(now));
  }

  /** An elastic booking: what the ordinary bookings and older elastic ones left. */
  private fillElastic(
    at: number,
    amount: number,
    maxRate: number,
    booking: ElasticBooking,
  ): number {
    this.advanceOpen();
    // Numbers for the optimiser (see `reserve`): a copy spans tens of slots.
    let t = +at;
    const epsilon = +EPSILON;
    const capacity = +this.capacity;
    const rateCap = maxRate < capacity ? +maxRate : capacity;
    const slotNs = +this.slotNs;
    const slotUnits = +this.slotUnits;
    let remaining = +amount;
    let k = Math.floor(t / slotNs);
    if (k < this.openAll) {
      k = this.openAll;
      t = k * slotNs;
    }
    if (k > this.last) this.last = k;
    // What the booking holds per slot is recorded here, not by a call per slot: a double
    // passed to a call V8 does not inline is boxed, a heap number per slot.
    let units: Float64Array = booking.units;
    const first = booking.firstSlot;
    for (;;) {
      if (k >= this.limitK) this.growTo(k);
      const rigid = this.rigid;
      const elastic = this.elastic;
      const i = k & (rigid.length - 1);
      const slotEnd = (k + 1) * slotNs;
      const span = slotEnd - t;
      let avail = slotUnits - rigid[i]! - elastic[i]!;
      const bySpan = span * rateCap;
      if (bySpan < avail) avail = bySpan;
      if (avail > epsilon) {
        const take = remaining < avail ? remaining : avail;
        elastic[i] = elastic[i]! + take;
        const j = k - first;
        if (j >= units.length) units = this.reserveHeld(booking, k);
        while (booking.length <= j) units[booking.length++] = 0;
        units[j]! += take;
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

  /** Grows elastic booking `b`'s per-slot record until it reaches slot k; returns it. */
  private reserveHeld(b: ElasticBooking, k: number): Float64Array {
    const j = k - b.firstSlot;
    if (j >= b.units.length) {
      const grown = new Float64Array(Math.max(b.units.length * 2, j + 1));
      grown.set(b.units.subarray(0, b.length));
      b.units = grown;
    }
    return b.units;
  }

  /** Moves the open-slot marks past the slots that are full. */
  private advanceOpen(): void {
    const full = this.slotUnits - EPSILON;
    const rigid = this.rigid;
    const elastic = this.elastic;
    const mask = rigid.length - 1;
    while (this.openRigid <= this.last && rigid[this.openRigid & mask]! >= full) this.openRigid++;
    if (!this.elasticEver) {
      // Without elastic units every slot's total is its ordinary units.
      this.openAll = this.openRigid;
      return;
    }
    // From one before the mark, so that the step runs on every call: code first reached
    // after fillElastic was optimised (once a slot fills with copies and DMA) threw that
    // code out for want of type feedback, once per run.
    const last = this.last;
    let open = this.openAll - 1;
    do open++;
    while (open <= last && rigid[open & mask]! + elastic[open & mask]! >= full);
    this.openAll = open;
  }

  /**
   * Moves the units slot k (ring index i) holds beyond its capacity out of the elastic
   * bookings, newest first.
   */
  private displace(k: number, i: number): void {
    let left = this.rigid[i]! + this.elastic[i]! - this.slotUnits;
    for (let s = this.streams.length - 1; s >= 0 && left > EPSILON; s--) {
      const b = this.streams[s]!;
      const j = k - b.firstSlot;
      if (j < 0 || j >= b.length) continue;
      const give = Math.min(left, b.units[j]!);
      if (give <= EPSILON) continue;
      b.units[j]! -= give;
      this.elastic[i]! -= give;
      left -= give;
      // Owed to the booking: booked after its end when its owner settles it.
      b.owed += give;
    }
  }

  private usedAt(k: number): number {
    const i = k & (this.rigid.length - 1);
    return this.rigid[i]! + this.elastic[i]!;
  }

  /** Forgets slots that lie wholly before now, adding them to `served`. */
  private retire(): void {
    const now = this.clock.now;
    if (now < this.retireAt) return;
    const k = Math.floor(now / this.slotNs);
    this.retireAt = (k + 1) * this.slotNs;
    if (k <= this.base) return;
    const stop = Math.min(k, this.last + 1);
    const rigid = this.rigid;
    const mask = rigid.length - 1;
    let served = this.served;
    if (this.elasticEver) {
      const elastic = this.elastic;
      for (let j = this.base; j < stop; j++) {
        const i = j & mask;
        served += rigid[i]! + elastic[i]!;
        rigid[i] = 0;
        elastic[i] = 0;
      }
    } else {
      for (let j = this.base; j < stop; j++) {
        const i = j & mask;
        served += rigid[i]!;
        rigid[i] = 0;
      }
    }
    this.served = served;
    this.base = k;
    this.limitK = k + this.rigid.length;
    // Slots now behind us no longer hold the open marks back (their spare capacity, in
    // the past, is idle time).
    if (this.openRigid < k) this.openRigid = k;
    if (this.openAll < k) this.openAll = k;
    this.advanceOpen();
  }

  /** Grows the rings until slot k fits. */
  private growTo(k: number): void {
    while (k - this.base >= this.rigid.length) this.grow();
    this.limitK = this.base + this.rigid.length;
  }

  private grow(): void {
    const n = this.rigid.length;
    const rigid = new Float64Array(n * 2);
    const elastic = new Float64Array(n * 2);
    for (let j = this.base; j < this.base + n; j++) {
      rigid[j & (2 * n - 1)] = this.rigid[j & (n - 1)]!;
      elastic[j & (2 * n - 1)] = this.elastic[j & (n - 1)]!;
    }
    this.rigid = rigid;
    this.elastic = elastic;
  }
}
