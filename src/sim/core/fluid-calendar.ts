import type { Nanoseconds } from './time.ts';

/** What a calendar reads the current time from (the scheduler). */
export interface Clock {
  readonly now: Nanoseconds;
}

const INITIAL_SLOTS = 1024;
/** Amounts smaller than this are float noise from chained arithmetic. */
const EPSILON = 1e-9;

/**
 * A long transfer that yields to short ones (a CPU copy on the memory bus): booked in
 * the capacity the server has left, and pushed later — `onMoved` is told its new end —
 * when a transfer booked after it needs the bus at the same time.
 */
export class ElasticBooking {
  /** When its last unit is served (exact, ns). */
  end = 0;
  /** Absolute index of the first slot it holds units in. */
  firstSlot = 0;
  /** Units it holds per slot, from firstSlot on. */
  units = new Float64Array(64);
  /** Slots used in `units`. */
  length = 0;
  rateCap = Infinity;
  active = false;
  onMoved: (end: number) => void = () => {};
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
  /** Units per ns the server moves. */
  readonly capacity: number;
  readonly slotNs: number;
  private readonly slotUnits: number;
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
  /** The largest `doneUntil` answered, so it never shrinks (partial slots are estimates). */
  private doneHigh = 0;
  /** Elastic bookings not yet finished, oldest first. */
  private readonly streams: ElasticBooking[] = [];
  /** Elastic bookings displaced by the booking being made. */
  private readonly moved: ElasticBooking[] = [];

  constructor(
    private readonly clock: Clock,
    capacity: number,
    slotNs: number,
  ) {
    if (!(capacity > 0) || !(slotNs > 0)) {
      throw new RangeError('fluid calendar: capacity and slot width must be > 0');
    }
    this.capacity = capacity;
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
    this.retire();
    const t0 = Math.max(at, this.clock.now);
    if (!(amount > EPSILON)) return t0;
    this.booked += amount;
    const end = this.fill(t0, amount, maxRate, null);
    this.replanMoved();
    return end;
  }

  /**
   * Books `amount` units from `at` as an elastic booking, reusing `booking`; its `end` is
   * returned and kept up to date (with `onMoved`) until `finish`.
   */
  reserveElastic(
    at: number,
    amount: number,
    maxRate: number,
    booking: ElasticBooking,
    onMoved: (end: number) => void,
  ): number {
    this.retire();
    const t0 = Math.max(at, this.clock.now);
    booking.firstSlot = Math.floor(t0 / this.slotNs);
    booking.length = 0;
    booking.rateCap = maxRate;
    booking.onMoved = onMoved;
    booking.end = t0;
    if (!(amount > EPSILON)) return t0;
    this.booked += amount;
    booking.active = true;
    this.streams.push(booking);
    booking.end = this.fill(t0, amount, maxRate, booking);
    return booking.end;
  }

  /** The elastic booking's work is done (its owner took its end): it yields no more. */
  finish(booking: ElasticBooking): void {
    if (!booking.active) return;
    booking.active = false;
    const i = this.streams.indexOf(booking);
    if (i >= 0) this.streams.splice(i, 1);
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
    if (done > this.doneHigh) this.doneHigh = done;
    return this.doneHigh;
  }

  /** Units booked but not yet served at `now`. */
  bookedAfter(now: number): number {
    return Math.max(0, this.booked - this.doneUntil(now));
  }

  /**
   * Takes `amount` units from time `t` on: an ordinary booking (`booking` null) sees only
   * other ordinary bookings and displaces elastic units it collides with; an elastic one
   * sees everything. Returns when the last unit is served.
   */
  private fill(t: number, amount: number, maxRate: number, booking: ElasticBooking | null): number {
    const rateCap = Math.min(maxRate, this.capacity);
    let remaining = amount;
    let k = Math.floor(t / this.slotNs);
    for (;;) {
      const i = this.slotIndex(k);
      const slotEnd = (k + 1) * this.slotNs;
      const span = slotEnd - t;
      const taken = booking === null ? this.rigid[i]! : this.rigid[i]! + this.elastic[i]!;
      const avail = Math.min(this.slotUnits - taken, span * this.capacity, span * rateCap);
      if (avail > EPSILON) {
        const take = Math.min(remaining, avail);
        if (booking === null) {
          this.rigid[i]! += take;
          const over = this.rigid[i]! + this.elastic[i]! - this.slotUnits;
          if (over > EPSILON) this.displace(k, i, over);
        } else {
          this.elastic[i]! += take;
          this.hold(booking, k, take);
        }
        if (k > this.last) this.last = k;
        remaining -= take;
        if (remaining <= EPSILON) return t + (take / avail) * span;
      }
      k++;
      t = slotEnd;
    }
  }

  /** Moves `over` elastic units out of slot k (ring index i), newest booking first. */
  private displace(k: number, i: number, over: number): void {
    let left = over;
    for (let s = this.streams.length - 1; s >= 0 && left > EPSILON; s--) {
      const b = this.streams[s]!;
      const j = k - b.firstSlot;
      if (j < 0 || j >= b.length) continue;
      const give = Math.min(left, b.units[j]!);
      if (give <= EPSILON) continue;
      b.units[j]! -= give;
      this.elastic[i]! -= give;
      left -= give;
      // The displaced units go to the booking's end, where it continues.
      b.end = this.fillAfterEnd(b, give);
      if (!this.moved.includes(b)) this.moved.push(b);
    }
  }

  /** Books `units` more for `b` from its current end on; returns its new end. */
  private fillAfterEnd(b: ElasticBooking, units: number): number {
    return this.fill(b.end, units, b.rateCap, b);
  }

  /** Tells each displaced elastic booking its new end. */
  private replanMoved(): void {
    if (this.moved.length === 0) return;
    for (const b of this.moved) b.onMoved(b.end);
    this.moved.length = 0;
  }

  /** Records that elastic booking `b` holds `units` more in slot k. */
  private hold(b: ElasticBooking, k: number, units: number): void {
    const j = k - b.firstSlot;
    if (j >= b.units.length) {
      const grown = new Float64Array(Math.max(b.units.length * 2, j + 1));
      grown.set(b.units.subarray(0, b.length));
      b.units = grown;
    }
    while (b.length <= j) b.units[b.length++] = 0;
    b.units[j]! += units;
  }

  private usedAt(k: number): number {
    const i = k & (this.rigid.length - 1);
    return this.rigid[i]! + this.elastic[i]!;
  }

  /** Forgets slots that lie wholly before now, adding them to `served`. */
  private retire(): void {
    const k = Math.floor(this.clock.now / this.slotNs);
    if (k <= this.base) return;
    const stop = Math.min(k, this.last + 1);
    for (let j = this.base; j < stop; j++) {
      const i = j & (this.rigid.length - 1);
      this.served += this.rigid[i]! + this.elastic[i]!;
      this.rigid[i] = 0;
      this.elastic[i] = 0;
    }
    this.base = k;
  }

  /** The ring position of absolute slot `k` (≥ base), growing the rings to reach it. */
  private slotIndex(k: number): number {
    while (k - this.base >= this.rigid.length) this.grow();
    return k & (this.rigid.length - 1);
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
