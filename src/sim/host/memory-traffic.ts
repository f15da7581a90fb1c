import type { Costs } from '../costs/cost-table.ts';

/**
 * What each memory access books on the memory bus (issue 13, V5): memory moves whole cache
 * lines (`cacheLineBytes`), so the bytes a transfer costs the bus are the lines it touches,
 * not its payload. These functions say what the callers (socket copies, the driver, PCI-X
 * DMA) book; the memory bus only shares out what they book. Every transfer is taken to
 * start on a line boundary (Linux aligns skb data and descriptor rings; the two-byte
 * NET_IP_ALIGN shift is not modelled) and to miss in the cache: the case where a reused
 * user buffer stays cached is not modelled, so host copies are at their most expensive,
 * as Balaji et al. measured ("up to a factor of four" bytes of memory traffic per byte).
 */

/** Bytes of the whole lines that `bytes` from a line boundary span. */
export function lineBytes(costs: Costs, bytes: number): number {
  if (bytes <= 0) return 0;
  const line = costs.cacheLineBytes;
  return Math.ceil(bytes / line) * line;
}

/**
 * A CPU copy of `bytes` (copy_from_user / copy_to_user): the source lines are read, the
 * destination lines are read for ownership (write-allocate caches fetch a line before
 * writing into it) and written back when evicted: three passes of lines.
 */
export function copyTraffic(costs: Costs, bytes: number): number {
  return 3 * lineBytes(costs, bytes);
}

/**
 * A device writes `bytes` into memory: whole lines are written as they stand; a partial
 * last line must be read, merged and written back by the memory controller. A 16-byte
 * descriptor write-back therefore costs two lines, 128 B at 64-byte lines.
 */
export function dmaWriteTraffic(costs: Costs, bytes: number): number {
  if (bytes <= 0) return 0;
  const lines = lineBytes(costs, bytes);
  const partial = bytes % costs.cacheLineBytes !== 0;
  return partial ? lines + costs.cacheLineBytes : lines;
}

/** A device reads `bytes` from memory: the lines they span are read whole. */
export function dmaReadTraffic(costs: Costs, bytes: number): number {
  return lineBytes(costs, bytes);
}

/**
 * The CPU writes a small structure the device will read (a transmit descriptor): it reads
 * the line for ownership and the line is written back when the device's read snoops it.
 */
export function cpuWriteForDeviceTraffic(costs: Costs, bytes: number): number {
  return 2 * lineBytes(costs, bytes);
}

/**
 * The CPU reads what a device wrote (a descriptor's status, a received header): the DMA
 * invalidated those lines in the cache, so each is a miss that reads the line from memory.
 */
export function cpuReadDeviceDataTraffic(costs: Costs, bytes: number): number {
  return lineBytes(costs, bytes);
}
