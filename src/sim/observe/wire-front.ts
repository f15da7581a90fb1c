import { seqDiff } from '../tcp/sequence.ts';
import type { Nanoseconds } from '../core/time.ts';
import type { Link, LinkDirection } from '../link/link.ts';
import type { MeasuredStream } from '../metrics/workload-results.ts';
import { frameWireBytes, wireTimeNs } from '../wire/size.ts';
import { IP_PROTO_UDP, TcpFlag, type EthernetFrame, type UdpPacket } from '../wire/types.ts';
import { portOfLocalIp } from '../world/addresses.ts';

/**
 * Making a measuring window see what the wire saw inside it.
 *
 * The wire books a frame's bits when its first bit leaves (LinkCounters.wireBits); a
 * window that closes while a frame is half out would count all of it, and one that opens
 * then would count none of it, so a short window could read more than 100 % of the line.
 * `wireBitsSent` counts instead only the bits serialised by `now`: the frame on the wire
 * contributes what has left of it.
 *
 * Goodput counts payload as the application receives it, after the wire, the far end's
 * queues and its copy. Between the wire and the application each stream has a store of
 * bytes that crossed the wire and were not yet delivered (on the wire, in flight, in the
 * receiver's FIFO, ring and socket queue). When that store is fuller as a window opens
 * than as it closes, the application receives in the window bytes that crossed the wire
 * before it, and a short window could read more than the line rate. `WireFronts` tracks,
 * per TCP stream, how much of it has crossed the wire (as the wire counts bits: the frame
 * on the wire in part), and `HalfStreams` takes the store's net drain over the window out
 * of goodput, so goodput never passes the payload the wire carried in the window.
 */

/** Bits that have left `direction`'s transmitter by `now` (the frame on the wire in part). */
export function wireBitsSent(link: Link, direction: LinkDirection, now: Nanoseconds): number {
  return link.channel(direction).wireBitsSent(now);
}

/** One stream's progress onto the wire, in bytes from its first (the SYN's sequence + 1). */
interface Front {
  base: number;
  /** Bytes below this have wholly crossed the wire. */
  done: number;
  /** The stream's last frame to start: when, its frame, the link's rate, the bytes it carries. */
  lastStart: Nanoseconds;
  lastFrame: EthernetFrame | null;
  lastMbps: number;
  lastFrom: number;
  lastTo: number;
  /** The port pair was reused by a new connection after the window opened. */
  ended: boolean;
}

const DIRECTIONS = 2;
const TCP_PORTS = 65_536;

/**
 * A stream's key in two small integers (each a V8 small integer, so the maps hash them
 * fast): the local address's port index, the direction and the local TCP port; the remote
 * TCP port.
 */
function outerKey(localPortIndex: number, tx: boolean, localTcp: number): number {
  return (localPortIndex * DIRECTIONS + (tx ? 1 : 0)) * TCP_PORTS + localTcp;
}

/** Fronts by stream, in two levels of small-integer keys. */
class FrontTable {
  private readonly byLocal = new Map<number, Map<number, Front>>();

  get(outer: number, remoteTcp: number): Front | undefined {
    return this.byLocal.get(outer)?.get(remoteTcp);
  }

  set(outer: number, remoteTcp: number, front: Front): void {
    let inner = this.byLocal.get(outer);
    if (inner === undefined) {
      inner = new Map();
      this.byLocal.set(outer, inner);
    }
    inner.set(remoteTcp, front);
  }
}

function keysOf(stream: MeasuredStream): [number, number] {
  const tcp = stream.local;
  return [
    outerKey(portOfLocalIp(tcp.localIp), stream.direction === 'tx', tcp.localPort),
    tcp.remotePort,
  ];
}

/** Bytes of the stream that have crossed the wire by `now`, its frame on the wire in part. */
function crossed(front: Front, now: Nanoseconds): number {
  if (front.lastTo <= front.done || front.lastFrame === null) return front.done;
  const elapsed = now - front.lastStart;
  // The frame's wire time, worked out only here (rarely): not for every frame that departs.
  const lastNs = wireTimeNs(frameWireBytes(front.lastFrame), front.lastMbps);
  const partial =
    elapsed >= lastNs
      ? front.lastTo
      : front.lastFrom + ((front.lastTo - front.lastFrom) * Math.max(0, elapsed)) / lastNs;
  return Math.max(front.done, partial);
}

/**
 * UDP payload onto one port's wire in one direction. A datagram's payload crosses in its
 * frames (several when fragmented); the link sends one frame at a time, so the frame on
 * the wire is the last to start and counts in part.
 */
interface UdpFront {
  /** Payload bytes of frames wholly sent. */
  done: number;
  lastStart: Nanoseconds;
  lastFrame: EthernetFrame | null;
  lastMbps: number;
  lastBytes: number;
}

function newUdpFront(): UdpFront {
  return { done: 0, lastStart: 0, lastFrame: null, lastMbps: 1, lastBytes: 0 };
}

/**
 * The UDP data (not its 8-byte header) a frame carries: a fragment carries bytes
 * [offset, offset + length) of the IP payload, header first (RFC 791 §2.3).
 */
function udpPayloadBytes(packet: UdpPacket): number {
  const data = packet.udp.payload.length;
  const f = packet.fragment;
  if (f === null) return data;
  const from = Math.max(f.offset, UDP_HEADER_BYTES);
  const to = Math.min(f.offset + f.length, UDP_HEADER_BYTES + data);
  return Math.max(0, to - from);
}

const UDP_HEADER_BYTES = 8;

function udpDeparted(front: UdpFront, mbps: number, now: Nanoseconds, frame: EthernetFrame): void {
  if (frame.etherType !== 0x0800 || frame.ip.protocol !== IP_PROTO_UDP) return;
  const bytes = udpPayloadBytes(frame.ip);
  if (bytes === 0) return;
  front.done += front.lastBytes;
  front.lastStart = now;
  front.lastFrame = frame;
  front.lastMbps = mbps;
  front.lastBytes = bytes;
}

function udpCrossed(front: UdpFront, now: Nanoseconds): number {
  if (front.lastFrame === null) return front.done;
  const lastNs = wireTimeNs(frameWireBytes(front.lastFrame), front.lastMbps);
  const elapsed = Math.max(0, now - front.lastStart);
  return front.done + (elapsed >= lastNs ? front.lastBytes : (front.lastBytes * elapsed) / lastNs);
}

/**
 * Watches every link's departures, keeping per TCP stream how much of it has crossed a
 * wire. A stream is named by its local address and ports, so a route change that moves
 * it to another link keeps its record; a SYN starts the record, so a reused port pair
 * starts afresh. Once the measured window opens (`keepOnly`), only the streams open then
 * are followed, so a long run of short connections keeps no records.
 */
export class WireFronts {
  private fronts = new FrontTable();
  private watchingAll = true;
  /** UDP payload onto each port's wire, [tx, rx]: datagrams are not streams, one front each. */
  private readonly udp: [UdpFront, UdpFront][];

  constructor(links: readonly Link[]) {
    this.udp = links.map(() => [newUdpFront(), newUdpFront()]);
    links.forEach((link, port) => {
      link.onDepart((direction, now, frame) => {
        if (frame.etherType === 0x0800 && frame.ip.protocol === IP_PROTO_UDP) {
          udpDeparted(this.udp[port]![direction === 'tx' ? 0 : 1], link.mbps, now, frame);
        } else {
          this.departed(link, direction, now, frame);
        }
      });
    });
  }

  /** UDP payload bytes that have crossed `port`'s wire in `direction` by `now`. */
  udpCrossed(port: number, direction: 'tx' | 'rx', now: Nanoseconds): number {
    const front = this.udp[port]?.[direction === 'tx' ? 0 : 1];
    return front === undefined ? 0 : udpCrossed(front, now);
  }

  private departed(link: Link, direction: LinkDirection, now: Nanoseconds, frame: EthernetFrame) {
    if (frame.etherType !== 0x0800 || frame.ip.protocol !== 6) return;
    const seg = frame.ip.tcp;
    const syn = (seg.flags & TcpFlag.SYN) !== 0;
    // A frame that neither opens a stream nor carries its bytes (a pure ACK, a lone FIN)
    // changes no front: skip the table for it (half the frames of a bulk transfer).
    if (!syn && seg.payload.length === 0) return;
    const tx = direction === 'tx';
    const outer = tx
      ? outerKey(portOfLocalIp(frame.ip.src), true, seg.srcPort)
      : outerKey(portOfLocalIp(frame.ip.dst), false, seg.dstPort);
    const remote = tx ? seg.dstPort : seg.srcPort;
    const front = this.fronts.get(outer, remote);
    if (syn) {
      if (this.watchingAll) {
        const base = (seg.seq + 1) >>> 0;
        this.fronts.set(outer, remote, {
          base,
          done: 0,
          lastStart: now,
          lastFrame: null,
          lastMbps: link.mbps,
          lastFrom: 0,
          lastTo: 0,
          ended: false,
        });
      } else if (front !== undefined && seqDiff(seg.seq, front.base) >= 0) {
        // A new connection on the same ports (a SYN's sequence is never below the last one's).
        front.ended = true;
      }
      return;
    }
    if (front === undefined || front.ended) return;
    // The link sends one frame at a time: the stream's previous frame has left by now.
    front.done = Math.max(front.done, front.lastTo);
    front.lastStart = now;
    front.lastFrame = frame;
    front.lastMbps = link.mbps;
    front.lastFrom = seqDiff(seg.seq, front.base);
    front.lastTo = front.lastFrom + seg.payload.length;
  }

  /** The record of `stream`, or null when its SYN was not seen or its ports were reused. */
  frontOf(stream: MeasuredStream): Front | null {
    const front = this.fronts.get(...keysOf(stream));
    return front === undefined || front.ended ? null : front;
  }

  /** From now on follow only these streams. */
  keepOnly(streams: readonly MeasuredStream[]): void {
    const kept = new FrontTable();
    for (const stream of streams) {
      const [outer, remote] = keysOf(stream);
      const front = this.fronts.get(outer, remote);
      if (front !== undefined) kept.set(outer, remote, front);
    }
    this.fronts = kept;
    this.watchingAll = false;
  }
}

/** A stream open when the window opened, as it stood then. */
interface OpenStream {
  stream: MeasuredStream;
  deliveredAtOpen: number;
  /** Null when its progress onto the wire is unknown. */
  front: Front | null;
  crossedAtOpen: number;
}

/**
 * The streams open when the measured window opened. A stream opened later cannot deliver
 * more than it put on the wire in the window; one open already may, by draining the bytes
 * that had crossed the wire and were not yet delivered when the window opened.
 */
export class HalfStreams {
  private readonly open: OpenStream[];
  /** UDP payload that had crossed each port's wire, [tx, rx], as the window opened. */
  private readonly udpAtOpen: [number, number][];

  constructor(
    streams: readonly MeasuredStream[],
    private readonly fronts: WireFronts,
    now: Nanoseconds,
    ports: number,
  ) {
    this.udpAtOpen = Array.from({ length: ports }, (_, port): [number, number] => [
      fronts.udpCrossed(port, 'tx', now),
      fronts.udpCrossed(port, 'rx', now),
    ]);
    this.open = streams.map((stream) => {
      const front = fronts.frontOf(stream);
      return {
        stream,
        deliveredAtOpen: stream.delivered(),
        front,
        crossedAtOpen: front === null ? 0 : crossed(front, now),
      };
    });
    fronts.keepOnly(streams);
  }

  /**
   * Per port, [tx, rx]: bytes delivered in the window beyond what the same streams put on
   * the wire in it — the net drain of what had crossed before it opened.
   */
  crossedBefore(ports: number, now: Nanoseconds): [number, number][] {
    const out = Array.from({ length: ports }, (): [number, number] => [0, 0]);
    for (const s of this.open) {
      if (s.front === null || s.front.ended) continue;
      const delivered = s.stream.delivered() - s.deliveredAtOpen;
      const onWire = crossed(s.front, now) - s.crossedAtOpen;
      out[s.stream.port]![s.stream.direction === 'tx' ? 0 : 1] += Math.max(0, delivered - onWire);
    }
    return out;
  }

  /**
   * UDP's counterpart, per port [tx, rx]: of `delivered` (UDP payload the applications
   * received in the window), what is beyond the UDP payload the wire carried in it.
   */
  udpCrossedBefore(delivered: readonly [number, number][], now: Nanoseconds): [number, number][] {
    return delivered.map(([tx, rx], port): [number, number] => {
      const open = this.udpAtOpen[port] ?? [0, 0];
      const txWire = this.fronts.udpCrossed(port, 'tx', now) - open[0];
      const rxWire = this.fronts.udpCrossed(port, 'rx', now) - open[1];
      return [Math.max(0, tx - txWire), Math.max(0, rx - rxWire)];
    });
  }
}
