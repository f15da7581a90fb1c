import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PayloadPattern, StreamHash, StreamSource, streamPrefixHash } from './stream.ts';

const pattern = new PayloadPattern(7);

/** Writes `total` bytes from a source in pieces of the given sizes, collecting the bytes. */
function writeAll(src: StreamSource, total: number, pieces: number[]): Uint8Array {
  const out = new Uint8Array(total);
  let k = 0;
  while (src.written < total) {
    const want = Math.min(pieces[k++ % pieces.length]!, total - src.written);
    const view = src.peek(want);
    out.set(view, src.written);
    src.advance(view.length);
  }
  return out;
}

/** A byte-at-a-time reference for the hash definition. */
function referenceHash(bytes: Uint8Array): number {
  let h = 0;
  const whole = bytes.length & ~3;
  for (let i = 0; i < whole; i += 4) {
    const w =
      (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0;
    h = (Math.imul(h, 31) + w) | 0;
  }
  for (let i = whole; i < bytes.length; i++) h = (Math.imul(h, 31) + bytes[i]!) | 0;
  return h;
}

describe('payload streams', () => {
  it('are seeded: same seed same bytes, other seed other bytes', () => {
    const a = new StreamSource(new PayloadPattern(3), 0).peek(64);
    const b = new StreamSource(new PayloadPattern(3), 0).peek(64);
    const c = new StreamSource(new PayloadPattern(4), 0).peek(64);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('differ between streams of one world', () => {
    const a = new StreamSource(pattern, 0).peek(64);
    const b = new StreamSource(pattern, 1).peek(64);
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });

  it('hash the same however the stream is chunked, and match the writer', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 200_000 }),
        fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 6 }),
        (streamIndex, total, writes, reads) => {
          const src = new StreamSource(pattern, streamIndex);
          const bytes = writeAll(src, total, writes);
          const sink = new StreamHash();
          let at = 0;
          let k = 0;
          while (at < total) {
            const n = Math.min(reads[k++ % reads.length]!, total - at);
            sink.update(bytes.subarray(at, at + n));
            at += n;
          }
          expect(sink.received).toBe(total);
          expect(sink.digest()).toBe(referenceHash(bytes));
          expect(src.hashOfPrefix(total)).toBe(sink.digest());
          const cut = Math.floor(total / 3);
          expect(src.hashOfPrefix(cut)).toBe(referenceHash(bytes.subarray(0, cut)));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('hashes zero-copy views of the pattern in O(1) to the same value as the byte loop', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 8 }),
        (streamIndex, writes) => {
          const src = new StreamSource(pattern, streamIndex);
          const fast = new StreamHash(pattern);
          const slow = new StreamHash();
          for (const w of writes) {
            const view = src.peek(w);
            src.advance(view.length);
            fast.update(view);
            slow.update(view.slice());
          }
          expect(fast.digest()).toBe(slow.digest());
          expect(fast.digest()).toBe(src.hashOfPrefix(src.written));
        },
      ),
      { numRuns: 40 },
    );
    // Across the period's end, where views run into the copied head.
    const src = new StreamSource(pattern, 0);
    src.advance(pattern.periodBytes - 1000);
    const fast = new StreamHash(pattern);
    const slow = new StreamHash();
    const view = src.peek(5000);
    fast.update(view);
    slow.update(view.slice());
    expect(fast.digest()).toBe(slow.digest());
    // A view from the wrong place in the pattern changes the hash.
    const wrong = new StreamHash(pattern);
    wrong.update(pattern.bytes.subarray(4096, 4096 + 5000));
    expect(wrong.digest()).not.toBe(slow.digest());
  });

  it('mixes views, copies and jumps in the pattern: the same hash as the byte loop', () => {
    // Views that continue one another are hashed late, in one run; a copy, a view from
    // elsewhere or an unaligned start ends the run. Every mix must give the byte loop's hash.
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: pattern.periodBytes + 60_000 }),
            length: fc.integer({ min: 0, max: 5000 }),
            kind: fc.constantFrom('next', 'copy', 'jump'),
          }),
          { minLength: 1, maxLength: 30, size: 'max' },
        ),
        (pieces) => {
          const fast = new StreamHash(pattern);
          const slow = new StreamHash();
          let next = pieces[0]!.at;
          for (const { at, length, kind } of pieces) {
            const from = kind === 'jump' ? at : next;
            const start = from >= pattern.periodBytes ? from - pattern.periodBytes : from;
            const view = pattern.bytes.subarray(start, Math.min(start + length, start + 65_536));
            fast.update(kind === 'copy' ? view.slice() : view);
            slow.update(view.slice());
            next = start + view.length;
          }
          expect(fast.received).toBe(slow.received);
          expect(fast.digest()).toBe(slow.digest());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('wraps around the pattern period', () => {
    const total = pattern.periodBytes + 12_345;
    const src = new StreamSource(pattern, 2);
    const bytes = writeAll(src, total, [65_536]);
    const sink = new StreamHash();
    sink.update(bytes);
    expect(src.hashOfPrefix(total)).toBe(sink.digest());
    expect(streamPrefixHash(pattern, 0, 0)).toBe(0);
  });

  it('detects one changed byte, one lost byte and swapped chunks', () => {
    const src = new StreamSource(pattern, 1);
    const bytes = writeAll(src, 10_000, [4096]);
    const good = src.hashOfPrefix(10_000);
    const flipped = bytes.slice();
    flipped[5000] = flipped[5000]! ^ 1;
    const lost = new Uint8Array([...bytes.subarray(0, 300), ...bytes.subarray(301), 0]);
    const swapped = new Uint8Array([
      ...bytes.subarray(1448, 2896),
      ...bytes.subarray(0, 1448),
      ...bytes.subarray(2896),
    ]);
    for (const bad of [flipped, lost, swapped]) {
      const h = new StreamHash();
      h.update(bad);
      expect(h.digest()).not.toBe(good);
    }
  });
});
