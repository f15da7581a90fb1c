import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { internetChecksum, pseudoHeaderSum } from './checksum.ts';

describe('internetChecksum', () => {
  it('matches the RFC 1071 §3 example (sum ddf2, checksum 220d)', () => {
    const bytes = Uint8Array.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]);
    expect(internetChecksum(bytes, 0, 8)).toBe(0x220d);
  });

  it('pads an odd last byte with a zero low byte', () => {
    const odd = Uint8Array.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6]);
    const padded = Uint8Array.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0x00]);
    expect(internetChecksum(odd, 0, 7)).toBe(internetChecksum(padded, 0, 8));
  });

  it('honours offset and length, and continues from an initial sum', () => {
    const bytes = Uint8Array.from([
      0xff, 0xff, 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7, 0xee,
    ]);
    expect(internetChecksum(bytes, 2, 8)).toBe(0x220d);
    const head = Uint8Array.from([0x00, 0x01, 0xf2, 0x03]);
    const tail = Uint8Array.from([0xf4, 0xf5, 0xf6, 0xf7]);
    const headSum = 0x0001 + 0xf203;
    expect(internetChecksum(tail, 0, 4, headSum)).toBe(internetChecksum(bytes, 2, 8));
    expect(internetChecksum(head, 0, 0)).toBe(0xffff);
  });

  it('sums to zero over data that includes its own checksum', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 200, size: 'max' }), (data) => {
        const bytes = new Uint8Array(data.length + (data.length % 2) + 2);
        bytes.set(data, 2);
        const sum = internetChecksum(bytes, 0, bytes.length);
        bytes[0] = sum >>> 8;
        bytes[1] = sum & 0xff;
        expect(internetChecksum(bytes, 0, bytes.length)).toBe(0);
      }),
    );
  });

  it('folds carries from long inputs', () => {
    const bytes = new Uint8Array(70_000).fill(0xff);
    // All-ones words sum to 0xffff under one's complement, so the checksum is 0.
    expect(internetChecksum(bytes, 0, bytes.length)).toBe(0);
  });
});

describe('pseudoHeaderSum', () => {
  it('adds the address halves, protocol and length (RFC 9293 §3.1)', () => {
    expect(pseudoHeaderSum(0x0a000001, 0xc0a80102, 6, 40)).toBe(
      0x0a00 + 0x0001 + 0xc0a8 + 0x0102 + 6 + 40,
    );
  });
});
