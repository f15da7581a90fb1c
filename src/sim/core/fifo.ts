/**
 * A first-in first-out queue in a power-of-two ring: push and shift are O(1) and
 * allocate only when the ring grows (hardware queues, qdiscs, descriptor rings).
 */
export class Fifo<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(16);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = item;
    this.count++;
  }

  /** The oldest item, or undefined when empty. */
  peek(): T | undefined {
    return this.count > 0 ? this.items[this.head] : undefined;
  }

  /** The newest item, or undefined when empty. */
  peekLast(): T | undefined {
    return this.count > 0
      ? this.items[(this.head + this.count - 1) & (this.items.length - 1)]
      : undefined;
  }

  /** Removes and returns the oldest item (undefined when empty). */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return item;
  }

  private grow(): void {
    const n = this.items.length;
    const items = new Array<T | undefined>(n * 2);
    for (let k = 0; k < this.count; k++) items[k] = this.items[(this.head + k) & (n - 1)];
    this.items = items;
    this.head = 0;
  }
}

/**
 * A Fifo of numbers (times, byte counts) in a Float64Array ring. A Fifo<number> holds
 * them tagged — a heap number each once they outgrow small integers, as a time does at
 * 2^31 ns — and its element kind changes under the other Fifos' peek and shift, which V8
 * then deoptimises ('wrong map').
 */
export class NumberFifo {
  private items = new Float64Array(16);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(n: number): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = n;
    this.count++;
  }

  /** The oldest number; Infinity when empty (a due time that never comes). */
  peek(): number {
    return this.count > 0 ? this.items[this.head]! : Infinity;
  }

  /** Removes and returns the oldest number (Infinity when empty). */
  shift(): number {
    if (this.count === 0) return Infinity;
    const n = this.items[this.head]!;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return n;
  }

  private grow(): void {
    const n = this.items.length;
    const items = new Float64Array(n * 2);
    for (let k = 0; k < this.count; k++) items[k] = this.items[(this.head + k) & (n - 1)]!;
    this.items = items;
    this.head = 0;
  }
}
