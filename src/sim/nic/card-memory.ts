/**
 * The card's memory (DESIGN.md §3, `nic.cardMemoryMB`): offloaded send windows, receive
 * buffers and staging space come out of one pool of bytes. It only counts: the
 * architecture decides what to do when an allocation fails (fall back to the host
 * stack, drop, stall) and the count of failures says how often that happened (Q3).
 */
export class CardMemory {
  readonly capacity: number;
  private usedBytes = 0;
  private peakBytes = 0;
  private failureCount = 0;

  constructor(capacityBytes: number) {
    if (!(capacityBytes >= 0) || !Number.isFinite(capacityBytes)) {
      throw new RangeError(`card memory: capacity must be ≥ 0 bytes (got ${capacityBytes})`);
    }
    this.capacity = capacityBytes;
  }

  /** Bytes allocated now. */
  get used(): number {
    return this.usedBytes;
  }

  /** The most ever allocated at once (results: `nic.cardMemoryPeakBytes`). */
  get peak(): number {
    return this.peakBytes;
  }

  /** Allocations refused for lack of space. */
  get failures(): number {
    return this.failureCount;
  }

  /** Bytes still free. */
  get available(): number {
    return this.capacity - this.usedBytes;
  }

  /** used / capacity (0 for a card without memory). */
  get occupancy(): number {
    return this.capacity > 0 ? this.usedBytes / this.capacity : 0;
  }

  /** Takes `bytes` if they fit, all or nothing; a refusal is counted. */
  tryAllocate(bytes: number): boolean {
    if (!(bytes >= 0)) throw new RangeError(`card memory: cannot allocate ${bytes} bytes`);
    if (this.usedBytes + bytes > this.capacity) {
      this.failureCount++;
      return false;
    }
    this.usedBytes += bytes;
    if (this.usedBytes > this.peakBytes) this.peakBytes = this.usedBytes;
    return true;
  }

  /** Returns `bytes`; freeing more than is allocated is a model bug. */
  free(bytes: number): void {
    if (!(bytes >= 0) || bytes > this.usedBytes) {
      throw new RangeError(
        `card memory: cannot free ${bytes} bytes with ${this.usedBytes} allocated`,
      );
    }
    this.usedBytes -= bytes;
  }
}

/** One connection's bytes in card memory, kept in step with what its TCP holds. */
export class CardMemoryShare {
  private held = 0;

  constructor(private readonly memory: CardMemory) {}

  /** Bytes the connection holds on the card. */
  get bytes(): number {
    return this.held;
  }

  /** The connection now holds `bytes` on the card. */
  set(bytes: number): void {
    const delta = bytes - this.held;
    if (delta > 0) this.memory.tryAllocate(delta);
    else if (delta < 0) this.memory.free(-delta);
    this.held = bytes;
  }
}
