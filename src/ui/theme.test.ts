import { describe, expect, it } from 'vitest';
import { fmt, formatterForUnit, portColor } from './theme.ts';
import { wireRateMbps } from './charts/columns.ts';

describe('fmt', () => {
  it('always prints the unit', () => {
    expect(fmt.mbps(941.48)).toBe('941.5 Mbit/s');
    expect(fmt.mBps(1066)).toBe('1,066 MB/s');
    expect(fmt.percent(0.973)).toBe('97 %');
    expect(fmt.cyclesPerByte(2.5)).toBe('2.50 cycles/B');
    expect(fmt.perByte(3, 'B/B')).toBe('3.00 B/B');
    expect(fmt.seconds(1.2346)).toBe('1.235 s');
    expect(fmt.timeNs(1_234_500_000)).toBe('1.234500 s');
  });

  it('writes bytes with SI prefixes', () => {
    expect(fmt.bytes(512)).toBe('512 B');
    expect(fmt.bytes(65536)).toBe('65.5 kB');
    expect(fmt.bytes(64e6)).toBe('64 MB');
  });

  it('prints a dash, never zero, for missing values', () => {
    expect(fmt.mbps(null)).toBe('—');
    expect(fmt.percent(undefined)).toBe('—');
    expect(fmt.bytes(NaN)).toBe('—');
  });

  it('picks a formatter by unit', () => {
    expect(formatterForUnit('%')(0.5)).toBe('50 %');
    expect(formatterForUnit('widgets')(3)).toBe('3 widgets');
  });

  it('gives each port a colour, wrapping after eight', () => {
    expect(portColor(0)).toBe(portColor(8));
    expect(portColor(0)).not.toBe(portColor(1));
  });

  it('computes the R1 wire-rate line', () => {
    expect(wireRateMbps(1000)).toBeCloseTo(941.48, 1);
    expect(wireRateMbps(1000, 1500, false)).toBeCloseTo(949.28, 1);
    expect(wireRateMbps(1000, 9000)).toBeCloseTo(990.0, 0);
  });
});
