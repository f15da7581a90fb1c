import type { Speed } from '../../protocol/messages.ts';

/** The speeds offered, slowest first. */
export const SPEEDS: readonly { value: Speed; label: string }[] = [
  { value: 0.001, label: '1/1000×' },
  { value: 0.01, label: '1/100×' },
  { value: 0.1, label: '1/10×' },
  { value: 0.5, label: '1/2×' },
  { value: 1, label: '1×' },
  { value: 2, label: '2×' },
  { value: 5, label: '5×' },
  { value: 'max', label: 'as fast as possible' },
];

export function speedKey(speed: Speed): string {
  return String(speed);
}

export function speedFromKey(key: string): Speed {
  return key === 'max' ? 'max' : Number(key);
}

/** "0.8×", "0.001×", "12×" */
export function formatSpeed(speed: number): string {
  if (speed >= 10) return `${speed.toFixed(0)}×`;
  if (speed >= 0.1) return `${speed.toFixed(2).replace(/\.?0+$/, '')}×`;
  return `${speed.toPrecision(2)}×`;
}

/** The fastest offered speed the simulation keeps up with at `achieved`, or null. */
export function sustainableSpeed(achieved: number): (typeof SPEEDS)[number] | null {
  let best: (typeof SPEEDS)[number] | null = null;
  for (const s of SPEEDS) if (s.value !== 'max' && s.value <= achieved) best = s;
  return best;
}

/**
 * What to do about falling behind, in words: the results do not depend on the pace, so
 * the choice is a speed this machine keeps up with, or letting it run at its own pace.
 */
export function behindAdvice(achieved: number, wanted: number): string {
  const slower = sustainableSpeed(achieved);
  const pick = slower
    ? `choose ${slower.label} for a steady pace, or “as fast as possible”`
    : 'choose “as fast as possible”, or fewer ports or connections';
  return `this computer cannot simulate ${formatSpeed(wanted)} here: ${pick} (the results are the same at any speed)`;
}

/** The achieved speed in words, honest about falling behind and saying what to do. */
export function describeAchieved(
  playing: boolean,
  wanted: Speed,
  achieved: number | null,
  behind: boolean,
): string {
  if (!playing) return 'paused';
  if (achieved === null) return 'starting…';
  const rate = `running at ${formatSpeed(achieved)}`;
  if (wanted === 'max') return `${rate} (as fast as possible)`;
  return behind ? `${rate}: ${behindAdvice(achieved, wanted)}` : rate;
}

/** `t = 1.234 s` while playing; microseconds when paused, so a 1 ms step is exact to read. */
export function formatSimTime(ns: number, playing: boolean): string {
  return `t = ${(ns / 1e9).toFixed(playing ? 3 : 6)} s`;
}
