/** Simulated time in integer nanoseconds. A double holds 2^53 ns (≈104 days) exactly. */
export type Nanoseconds = number;

/**
 * A time that is only ever a whole number of ns still outgrows V8's small integers at 2^31
 * ns (2.1 s simulated): a field that held one then changes representation, its object
 * changes map, and every optimised function that read the field is thrown out and compiled
 * again (--trace-deopt: 'wrong map', 'not a Smi'), all at once, in every longer run. The
 * hot classes therefore store a fraction (FRACTIONAL) in such fields before their first
 * real value, which makes V8 hold them as doubles from the start.
 *
 * Likewise a number field declared without a value — a constructor's parameter property
 * too — starts undefined: V8 then holds it tagged and checks it at every read. Hot classes
 * declare such fields with a number (`= 0`, or FRACTIONAL for a time) and then assign them.
 */
export const FRACTIONAL = 0.5;

export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;

export function us(n: number): Nanoseconds {
  return Math.round(n * NS_PER_US);
}

export function ms(n: number): Nanoseconds {
  return Math.round(n * NS_PER_MS);
}

export function seconds(n: number): Nanoseconds {
  return Math.round(n * NS_PER_S);
}

export function toMs(t: Nanoseconds): number {
  return t / NS_PER_MS;
}

export function toSeconds(t: Nanoseconds): number {
  return t / NS_PER_S;
}

/** Differences smaller than this are float noise from chained exact arithmetic. */
const SETTLE_TOLERANCE_NS = 1e-6;

/**
 * The first integer nanosecond at or after an exact (double) time, tolerating float
 * noise: resource servers compute in exact doubles (7.5-ns bus clocks do not accumulate
 * rounding) and hand the scheduler integers.
 */
export function settle(t: number): Nanoseconds {
  return Math.ceil(t - SETTLE_TOLERANCE_NS);
}
