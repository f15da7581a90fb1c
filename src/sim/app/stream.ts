import { RandomStream } from '../core/random.ts';

/**
 * Application payload: real bytes generated from the seed, and hashes that prove a
 * receiver got exactly the bytes the writer wrote, in order.
 *
 * The bytes of every stream come from one seeded pattern of PATTERN_WORDS 32-bit words
 * (a prime, so the period lines up with no segment or buffer size); each stream starts
 * at its own word offset. Writers hand TCP zero-copy views into the pattern.
 *
 * The hash is a polynomial over the stream's 32-bit little-endian words (Horner with
 * base 31, mod 2^32), followed by the trailing bytes. It does not depend on how the
 * stream is cut into chunks, so the receiver hashes segments as they are delivered, and
 * the writer's hash of any prefix comes from prefix tables over the pattern in
 * O(length / period) — the receiver does the per-byte work, once.
 */
const PATTERN_WORDS = 262_139;
/** The largest view a writer hands out: views may run past the period's end. */
export const MAX_WRITE_BYTES = 65_536;
const BASE = 31;

export class PayloadPattern {
  /** PATTERN_WORDS words, then the first MAX_WRITE_BYTES again so views never wrap. */
  readonly bytes: Uint8Array;
  /** `bytes.buffer`, kept: V8's `buffer` getter costs tens of ns, and `update` asks per chunk. */
  readonly buffer: ArrayBufferLike;
  private readonly words: Uint32Array;
  /** prefix[m] = hash of words [0, m). */
  private readonly prefix: Uint32Array;
  /** power[m] = BASE^m mod 2^32. */
  private readonly power: Uint32Array;

  constructor(seed: number) {
    const periodBytes = PATTERN_WORDS * 4;
    this.bytes = new Uint8Array(periodBytes + MAX_WRITE_BYTES);
    this.buffer = this.bytes.buffer;
    const head = this.bytes.subarray(0, periodBytes);
    new RandomStream(seed, 'payload').fill(head);
    this.bytes.copyWithin(periodBytes, 0, MAX_WRITE_BYTES);
    this.words = new Uint32Array(this.bytes.buffer, 0, PATTERN_WORDS);
    this.prefix = new Uint32Array(PATTERN_WORDS + 1);
    this.power = new Uint32Array(PATTERN_WORDS + 1);
    this.power[0] = 1;
    for (let m = 0; m < PATTERN_WORDS; m++) {
      this.prefix[m + 1] = (Math.imul(this.prefix[m]!, BASE) + this.words[m]!) | 0;
      this.power[m + 1] = Math.imul(this.power[m]!, BASE);
    }
  }

  get periodBytes(): number {
    return PATTERN_WORDS * 4;
  }

  /** Hash of pattern words [a, b), 0 ≤ a ≤ b ≤ PATTERN_WORDS. */
  rangeHash(a: number, b: number): number {
    return (this.prefix[b]! - Math.imul(this.prefix[a]!, this.power[b - a]!)) | 0;
  }

  /** Appends words [a, b) of the pattern to a running hash h. */
  extend(h: number, a: number, b: number): number {
    return (Math.imul(h, this.power[b - a]!) + this.rangeHash(a, b)) | 0;
  }
}

/** Hash of the first `length` bytes of the stream that starts at pattern word `startWord`. */
export function streamPrefixHash(
  pattern: PayloadPattern,
  startWord: number,
  length: number,
): number {
  const fullWords = Math.floor(length / 4);
  let h = 0;
  let word = startWord;
  let left = fullWords;
  while (left > 0) {
    const n = Math.min(left, PATTERN_WORDS - word);
    h = pattern.extend(h, word, word + n);
    left -= n;
    word = (word + n) % PATTERN_WORDS;
  }
  const tailAt = word * 4;
  for (let i = 0; i < length % 4; i++) h = (Math.imul(h, BASE) + pattern.bytes[tailAt + i]!) | 0;
  return h;
}

/** The writing end: produces the stream as zero-copy views into the pattern. */
export class StreamSource {
  /** Bytes handed out so far. */
  written = 0;
  private readonly startWord: number;

  constructor(
    private readonly pattern: PayloadPattern,
    streamIndex: number,
  ) {
    // Spread streams over the period with a stride coprime to it.
    this.startWord = (streamIndex * 104_729) % PATTERN_WORDS;
  }

  /** The next `length` (≤ MAX_WRITE_BYTES) bytes of the stream, without consuming them. */
  peek(length: number): Uint8Array {
    const at = (this.startWord * 4 + this.written) % this.pattern.periodBytes;
    return this.pattern.bytes.subarray(at, at + Math.min(length, MAX_WRITE_BYTES));
  }

  /** Records that `length` bytes from `peek` were accepted by the socket. */
  advance(length: number): void {
    this.written += length;
  }

  /** The writer's hash over the first `length` bytes it wrote. */
  hashOfPrefix(length: number): number {
    if (length > this.written) throw new RangeError(`only ${this.written} bytes were written`);
    return streamPrefixHash(this.pattern, this.startWord, length);
  }
}

/**
 * The reading end: a running hash over delivered bytes, however they are chunked.
 *
 * When a delivered chunk is a view of the pattern's own memory (TCP passed the writer's
 * bytes through without copying), the hash of exactly those bytes comes from the prefix
 * tables in O(1): the same value a byte loop would compute, since they are those bytes.
 * A chunk from the wrong place in the stream is still a different range of the pattern,
 * so it still changes the hash; copied chunks take the byte loop.
 */
export class StreamHash {
  received = 0;
  private h = 0;
  /** Bytes of an incomplete word carried to the next chunk. */
  private carry = 0;
  private carryBytes = 0;
  /**
   * Deferred: the last `runBytes` bytes received were one contiguous run of the pattern
   * from byte `runStart` (word-aligned, received with no carry). Their hash is the prefix
   * tables' — the value the byte loop would compute, since they are those bytes — and is
   * folded into `h` only when the run ends or the digest is read, so a view that continues
   * the run costs no table lookup (the tables are 2 MB: a lookup is a cache miss).
   */
  private runStart = -1;
  private runBytes = 0;

  constructor(private readonly pattern: PayloadPattern | null = null) {}

  update(chunk: Uint8Array): void {
    const p = this.pattern;
    if (p !== null && chunk.buffer === p.buffer) {
      const period = p.periodBytes;
      // The wrap is subtracted on every chunk (0 mostly), not under an `if`: V8 throws
      // optimised code out at arithmetic it has not yet seen run, here once per ~1 MB.
      const at = chunk.byteOffset - (chunk.byteOffset >= period ? period : 0);
      if (this.runStart >= 0) {
        const end = this.runStart + this.runBytes;
        const next = end - (end >= period ? period : 0);
        if (at === next) {
          this.runBytes += chunk.length;
          this.received += chunk.length;
          return;
        }
        this.foldRun();
      }
      if (this.carryBytes === 0 && (at & 3) === 0) {
        this.runStart = at;
        this.runBytes = chunk.length;
        this.received += chunk.length;
        return;
      }
    } else if (this.runStart >= 0) {
      this.foldRun();
    }
    this.hashBytes(chunk);
  }

  /** Folds the deferred run into the running hash (its whole words; the rest as carry). */
  private foldRun(): void {
    const p = this.pattern!;
    const words = this.runBytes >> 2;
    let first = this.runStart >> 2;
    let left = words;
    let h = this.h;
    while (left > 0) {
      const n = Math.min(left, PATTERN_WORDS - first);
      h = p.extend(h, first, first + n);
      left -= n;
      first = first + n === PATTERN_WORDS ? 0 : first + n;
    }
    this.h = h;
    const tail = first * 4;
    for (let i = 0; i < (this.runBytes & 3); i++) {
      this.carry |= p.bytes[tail + i]! << (8 * this.carryBytes);
      this.carryBytes++;
    }
    this.runStart = -1;
    this.runBytes = 0;
  }

  /** The byte loop: a chunk that is not a continuation of the pattern. */
  private hashBytes(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    while (this.carryBytes > 0 && i < n) {
      this.carry |= chunk[i++]! << (8 * this.carryBytes);
      if (++this.carryBytes === 4) {
        this.h = (Math.imul(this.h, BASE) + (this.carry >>> 0)) | 0;
        this.carry = 0;
        this.carryBytes = 0;
      }
    }
    const whole = (n - i) & ~3;
    const offset = chunk.byteOffset + i;
    let h = this.h;
    if (whole > 0 && (offset & 3) === 0) {
      const words = new Uint32Array(chunk.buffer, offset, whole >> 2);
      for (let k = 0; k < words.length; k++) h = (Math.imul(h, BASE) + words[k]!) | 0;
    } else {
      for (let k = i; k < i + whole; k += 4) {
        const w = chunk[k]! | (chunk[k + 1]! << 8) | (chunk[k + 2]! << 16) | (chunk[k + 3]! << 24);
        h = (Math.imul(h, BASE) + (w >>> 0)) | 0;
      }
    }
    this.h = h;
    i += whole;
    while (i < n) {
      this.carry |= chunk[i++]! << (8 * this.carryBytes);
      this.carryBytes++;
    }
    this.received += n;
  }

  /** The hash of everything received, trailing bytes hashed one by one. */
  digest(): number {
    if (this.runStart >= 0) this.foldRun();
    let h = this.h;
    for (let b = 0; b < this.carryBytes; b++) {
      h = (Math.imul(h, BASE) + ((this.carry >>> (8 * b)) & 0xff)) | 0;
    }
    return h;
  }
}
