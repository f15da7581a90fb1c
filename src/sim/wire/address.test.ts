import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatIpv4, formatMac, getMac, parseIpv4, parseMac, putMac } from './address.ts';
import { WireError } from './bytes.ts';
import { BROADCAST_MAC } from './types.ts';

describe('MAC addresses', () => {
  it('formats and parses the colon notation', () => {
    expect(formatMac(0x02_00_00_00_10_99)).toBe('02:00:00:00:10:99');
    expect(formatMac(BROADCAST_MAC)).toBe('ff:ff:ff:ff:ff:ff');
    expect(formatMac(0)).toBe('00:00:00:00:00:00');
    expect(parseMac('02:00:00:00:10:99')).toBe(0x02_00_00_00_10_99);
    expect(parseMac('FF:ff:FF:ff:FF:ff')).toBe(BROADCAST_MAC);
  });

  it.each([
    '',
    '02:00:00:00:10',
    '02:00:00:00:10:99:00',
    '02-00-00-00-10-99',
    '2:0:0:0:10:99',
    'gg:00:00:00:00:00',
  ])('refuses %j', (s) => {
    expect(() => parseMac(s)).toThrow(WireError);
  });

  it('round-trips through text and bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff_ffff }), (m) => {
        expect(parseMac(formatMac(m))).toBe(m);
        const buf = new Uint8Array(8);
        putMac(buf, 1, m);
        expect(getMac(buf, 1)).toBe(m);
      }),
    );
  });

  it('writes bytes in transmission order', () => {
    const buf = new Uint8Array(6);
    putMac(buf, 0, 0x02_00_00_00_10_99);
    expect([...buf]).toEqual([0x02, 0, 0, 0, 0x10, 0x99]);
    expect(() => putMac(buf, 0, 2 ** 48)).toThrow(WireError);
  });
});

describe('IPv4 addresses', () => {
  it('formats and parses dotted quads', () => {
    expect(formatIpv4(0x0a_00_00_01)).toBe('10.0.0.1');
    expect(formatIpv4(0xff_ff_ff_ff)).toBe('255.255.255.255');
    expect(parseIpv4('192.168.1.2')).toBe(0xc0_a8_01_02);
    expect(parseIpv4('0.0.0.0')).toBe(0);
  });

  it.each([
    '',
    '10.0.0',
    '10.0.0.1.2',
    '256.0.0.1',
    '10.0.0.-1',
    '010.0.0.1',
    '10..0.1',
    ' 10.0.0.1',
    '1e1.0.0.1',
  ])('refuses %j', (s) => {
    expect(() => parseIpv4(s)).toThrow(WireError);
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (a) => {
        expect(parseIpv4(formatIpv4(a))).toBe(a);
      }),
    );
  });
});
