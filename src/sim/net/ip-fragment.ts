import type { Scheduler, Timer } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';
import { IPV4_HEADER } from '../wire/size.ts';
import type { Ipv4Fragment, UdpPacket } from '../wire/types.ts';

/**
 * IPv4 fragmentation and reassembly as Linux does it (RFC 791 §2.3, §3.2).
 *
 * Sending (Linux 2.4 ip_build_xmit_slow): each fragment but the last carries
 * (mtu − 20) & ~7 bytes of the IP payload, and the fragments go out from the highest
 * offset down, so the UDP checksum — summed while the data is copied — is known when
 * the first fragment, the one holding the UDP header, is built last. Later kernels
 * (ip_append_data + ip_fragment) send them in offset order.
 *
 * Receiving (Linux ip_fragment.c): a queue per (source, destination, id, protocol); a
 * queue lives `ipfrag_time` from its first fragment (the timer is not extended, "must
 * be destroyed before MSL expires"); the fragments' buffers count against
 * `ipfrag_high_thresh`, and above it the evictor drops whole queues, least recently
 * updated first, until the memory is back under `ipfrag_low_thresh`. A datagram whose
 * fragment was lost never completes: its queue times out or is evicted.
 */

/** Fragment order on the wire: Linux 2.4 sends the last fragment first. */
export type FragmentOrder = 'last-first' | 'in-order';

/**
 * How `ipPayloadBytes` of IP payload leave over a path of `mtu`: null when it fits one
 * frame, else the fragments in the order they are sent.
 */
export function planFragments(
  ipPayloadBytes: number,
  mtu: number,
  order: FragmentOrder,
): Ipv4Fragment[] | null {
  if (IPV4_HEADER + ipPayloadBytes <= mtu) return null;
  const step = (mtu - IPV4_HEADER) & ~7;
  if (step <= 0) throw new RangeError(`an MTU of ${mtu} leaves no room for fragment data`);
  const fragments: Ipv4Fragment[] = [];
  for (let offset = 0; offset < ipPayloadBytes; offset += step) {
    const length = Math.min(step, ipPayloadBytes - offset);
    fragments.push({ offset, length, more: offset + length < ipPayloadBytes });
  }
  return order === 'last-first' ? fragments.reverse() : fragments;
}

/** The sysctls that bound reassembly (net.ipv4.ipfrag_*). */
export interface ReassemblyLimits {
  highThreshBytes: number;
  lowThreshBytes: number;
  timeNs: Nanoseconds;
}

/** Why a datagram's fragments were thrown away. */
export type ReassemblyLoss = 'timeout' | 'evicted';

/** Reassembly counters as Linux's SNMP MIB names them (IpReasm*), one sentence each. */
export class ReassemblyStats {
  /** Fragments received (IpReasmReqds). */
  requests = 0;
  /** Datagrams reassembled (IpReasmOKs). */
  oks = 0;
  /** Queues that timed out (IpReasmTimeout). */
  timeouts = 0;
  /** Queues the evictor dropped for memory (counted in IpReasmFails with the timeouts). */
  evicted = 0;
  /** Fragments that repeated bytes already queued. */
  duplicates = 0;
  /** Buffer memory the queued fragments hold now, and the most they held (ip_frag_mem). */
  memoryBytes = 0;
  peakMemoryBytes = 0;
}

class FragQueue {
  /** [start, end) ranges received, sorted and disjoint. */
  readonly ranges: number[] = [];
  /** Total IP payload length, known once the last fragment (MF clear) arrived. */
  length = -1;
  /** Bytes received (Linux's `meat`). */
  meat = 0;
  truesize = 0;
  fragments = 0;

  constructor(
    readonly key: string,
    /** Any fragment of the datagram: they all refer to the same UdpDatagram. */
    readonly sample: UdpPacket,
    readonly expiresAt: Nanoseconds,
  ) {}

  /** Adds [start, end); returns the bytes that were new. */
  add(start: number, end: number): number {
    const r = this.ranges;
    let added = end - start;
    let i = 0;
    while (i < r.length && r[i + 1]! < start) i += 2;
    let lo = start;
    let hi = end;
    let j = i;
    while (j < r.length && r[j]! <= end) {
      const overlap = Math.min(end, r[j + 1]!) - Math.max(start, r[j]!);
      if (overlap > 0) added -= overlap;
      lo = Math.min(lo, r[j]!);
      hi = Math.max(hi, r[j + 1]!);
      j += 2;
    }
    r.splice(i, j - i, lo, hi);
    return added;
  }

  get complete(): boolean {
    return this.length >= 0 && this.meat === this.length;
  }
}

/** A whole datagram out of reassembly: its packet and the buffers that held its fragments. */
export interface Reassembled {
  packet: UdpPacket;
  truesize: number;
  fragments: number;
}

/** One host's fragment queues (Linux's ipq hash, LRU list and expiry timers). */
export class Reassembly {
  readonly stats = new ReassemblyStats();
  /** Queues in creation order, which is expiry order: every queue lives the same time. */
  private readonly byAge = new Map<string, FragQueue>();
  /** Queues least recently updated first (ipq_lru_list). */
  private readonly lru = new Map<string, FragQueue>();
  private readonly timer: Timer;
  /** Told of every datagram whose fragments were dropped unfinished. */
  onLost: (sample: UdpPacket, why: ReassemblyLoss) => void = () => {};

  constructor(
    private readonly scheduler: Scheduler,
    name: string,
    private readonly limits: ReassemblyLimits,
  ) {
    this.timer = scheduler.timer(`${name}.ipfrag-expire`, (now) => this.expire(now));
  }

  /** Datagrams waiting for fragments now. */
  get pending(): number {
    return this.byAge.size;
  }

  /**
   * A fragment arrived, held in a buffer of `truesize` bytes. Returns the whole datagram
   * when this fragment completed it, else null (ip_defrag).
   */
  add(packet: UdpPacket, truesize: number): Reassembled | null {
    const frag = packet.fragment!;
    const st = this.stats;
    st.requests++;
    if (st.memoryBytes > this.limits.highThreshBytes) this.evict();
    const key = `${packet.src}>${packet.dst}#${packet.id}/${packet.protocol}`;
    let q = this.byAge.get(key);
    if (q === undefined) {
      q = new FragQueue(key, packet, this.scheduler.now + this.limits.timeNs);
      this.byAge.set(key, q);
      if (!this.timer.armed) this.timer.arm(q.expiresAt);
    } else {
      this.lru.delete(key);
    }
    this.lru.set(key, q);
    const end = frag.offset + frag.length;
    if (!frag.more) q.length = end;
    const added = q.add(frag.offset, end);
    if (added < frag.length) st.duplicates++;
    q.meat += added;
    q.truesize += truesize;
    q.fragments++;
    this.account(truesize);
    if (!q.complete) return null;
    this.remove(q);
    st.oks++;
    return {
      packet: { ...q.sample, fragment: null },
      truesize: q.truesize,
      fragments: q.fragments,
    };
  }

  private account(bytes: number): void {
    const st = this.stats;
    st.memoryBytes += bytes;
    if (st.memoryBytes > st.peakMemoryBytes) st.peakMemoryBytes = st.memoryBytes;
  }

  private remove(q: FragQueue): void {
    this.byAge.delete(q.key);
    this.lru.delete(q.key);
    this.stats.memoryBytes -= q.truesize;
  }

  /** ip_evictor: the least recently updated queues go until memory is under the low mark. */
  private evict(): void {
    for (const q of this.lru.values()) {
      if (this.stats.memoryBytes <= this.limits.lowThreshBytes) return;
      this.remove(q);
      this.stats.evicted++;
      this.onLost(q.sample, 'evicted');
    }
  }

  /** ip_expire for every queue whose time is up; the timer then waits for the next. */
  private expire(now: Nanoseconds): void {
    for (const q of this.byAge.values()) {
      if (q.expiresAt > now) {
        this.timer.arm(q.expiresAt);
        return;
      }
      this.remove(q);
      this.stats.timeouts++;
      this.onLost(q.sample, 'timeout');
    }
  }
}
