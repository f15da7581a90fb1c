import type { Ipv4 } from '../wire/types.ts';

/**
 * The key of a connection's port pair within one remote address's table: local port ·
 * 65536 + remote port, folded to a signed 32-bit integer. The fold is one-to-one on 32
 * bits and keeps the key a small integer (a V8 Smi): unfolded, every key with an
 * ephemeral local port (≥ 32768) exceeds 2^31 and each Map lookup boxes it as a heap
 * number and hashes it the slow way — once per segment in and out.
 */
export function portPairKey(localPort: number, remotePort: number): number {
  return (localPort * 65536 + remotePort) | 0;
}

/**
 * A stack's table of what it holds per (remote IP, local port, remote port): its
 * connections, and its TIME_WAIT records. Two levels, so everything of one remote (an
 * ICMP about it) is found without a scan.
 */
export class PortPairMap<T> {
  private readonly byRemote = new Map<Ipv4, Map<number, T>>();
  /**
   * The last pair asked for and its answer, forgotten on every change: a stack looks up
   * one connection for a run of segments in and frames out (TCP Small Queues asks per data
   * frame twice), and two Map lookups cost more than the rest of the demultiplexing.
   */
  private lastRemote: Ipv4 = -1;
  private lastKey = 0;
  private lastValue: T | undefined = undefined;

  get(remoteIp: Ipv4, localPort: number, remotePort: number): T | undefined {
    const key = portPairKey(localPort, remotePort);
    if (remoteIp === this.lastRemote && key === this.lastKey) return this.lastValue;
    const value = this.byRemote.get(remoteIp)?.get(key);
    this.lastRemote = remoteIp;
    this.lastKey = key;
    this.lastValue = value;
    return value;
  }

  private forgetLast(): void {
    this.lastRemote = -1;
    this.lastValue = undefined;
  }

  /** Holds `value` for the pair; returns what it held before. */
  set(remoteIp: Ipv4, localPort: number, remotePort: number, value: T): T | undefined {
    let byPorts = this.byRemote.get(remoteIp);
    if (byPorts === undefined) {
      byPorts = new Map();
      this.byRemote.set(remoteIp, byPorts);
    }
    const key = portPairKey(localPort, remotePort);
    const before = byPorts.get(key);
    byPorts.set(key, value);
    this.forgetLast();
    return before;
  }

  /** Forgets the pair if it holds `value`. */
  delete(remoteIp: Ipv4, localPort: number, remotePort: number, value: T): void {
    const byPorts = this.byRemote.get(remoteIp);
    const key = portPairKey(localPort, remotePort);
    if (byPorts === undefined || byPorts.get(key) !== value) return;
    byPorts.delete(key);
    this.forgetLast();
    if (byPorts.size === 0) this.byRemote.delete(remoteIp);
  }

  /** Everything held for `remoteIp`, as a copy (the caller may change the table). */
  ofRemote(remoteIp: Ipv4): T[] {
    const byPorts = this.byRemote.get(remoteIp);
    return byPorts === undefined ? [] : [...byPorts.values()];
  }

  *values(): IterableIterator<T> {
    for (const byPorts of this.byRemote.values()) yield* byPorts.values();
  }
}
