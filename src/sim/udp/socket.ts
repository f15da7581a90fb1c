import type { Ipv4, UdpDatagram } from '../wire/types.ts';
import type { UdpDirection } from './ledger.ts';
import type { UdpStack } from './stack.ts';

/**
 * What each step of a datagram costs and when it is done: on the local host, jobs on a
 * CPU core (host/udp-sockets.ts); on a link peer, nothing (its costs are not modelled).
 * Each method calls the socket back when its work is done.
 */
export interface UdpCostModel {
  /** sendmsg: the system call, udp_sendmsg, the copy; then `socket.sendDone(d)`. */
  send(socket: UdpSocket, d: UdpDatagram, frames: number): void;
  /** udp_rcv of a whole datagram (after reassembly); then `socket.queue(d, truesize, fragments)`. */
  receive(socket: UdpSocket, d: UdpDatagram, truesize: number, fragments: number): void;
  /**
   * The application's recvmsg calls for the datagrams queued now (it loops on recv while
   * data is there: one system call and one copy each); then `socket.readDone(batch.length)`.
   */
  read(socket: UdpSocket, batch: readonly QueuedDatagram[]): void;
}

/** A datagram in a socket's receive queue: its buffers' truesize, the frames it came in. */
export interface QueuedDatagram {
  readonly d: UdpDatagram;
  readonly truesize: number;
  readonly fragments: number;
}

export interface UdpSocketOptions {
  localIp: Ipv4;
  localPort: number;
  remoteIp: Ipv4;
  remotePort: number;
  /** SO_SNDBUF and SO_RCVBUF, in truesize bytes. */
  sendBufferBytes: number;
  recvBufferBytes: number;
  /** false: SO_NO_CHECK, the checksum field goes out as zero (none). */
  checksummed: boolean;
  /** The NIC port the socket's datagrams use, and which way they go there. */
  port: number;
  out: UdpDirection;
  in: UdpDirection;
  /** Its index among the host's sockets (which core its application runs on). */
  index: number;
}

/**
 * A connected, blocking UDP socket (Linux: sk->state TCP_ESTABLISHED after udp_connect).
 * Sending charges every buffer of the datagram to the send buffer until its last frame
 * is freed (sock_wfree at TX completion); a full send buffer blocks the writer, which is
 * woken once half of it is free (sock_def_write_space). Receiving queues whole datagrams
 * against the receive buffer by truesize and drops what would reach it
 * (sock_queue_rcv_skb); the application reads one datagram per recvmsg.
 */
export class UdpSocket {
  /** The application read a datagram. */
  onDatagram: ((d: UdpDatagram) => void) | null = null;
  /** The send buffer has room again after the writer was blocked. */
  onWritable: (() => void) | null = null;
  /** Bytes charged to the send and receive buffers now. */
  wmem = 0;
  rmem = 0;
  private readonly inFlight = new Map<UdpDatagram, { truesize: number; frames: number }>();
  /** The receive queue: entries from `head` on (compacted as it is read). */
  private received: QueuedDatagram[] = [];
  private head = 0;
  private reading = false;
  private blocked = false;
  readonly localIp: Ipv4;
  readonly localPort: number;
  readonly remoteIp: Ipv4;
  readonly remotePort: number;

  constructor(
    private readonly stack: UdpStack,
    readonly cost: UdpCostModel,
    readonly options: UdpSocketOptions,
  ) {
    this.localIp = options.localIp;
    this.localPort = options.localPort;
    this.remoteIp = options.remoteIp;
    this.remotePort = options.remotePort;
    stack.bind(options.localPort, this);
  }

  get port(): number {
    return this.options.port;
  }

  /** Datagrams waiting in the receive queue. */
  get queued(): number {
    return this.received.length - this.head;
  }

  /**
   * sendmsg() of one datagram. False when the send buffer is full: Linux's
   * sock_alloc_send_skb lets a sender allocate while its buffers in flight are below
   * SO_SNDBUF, else it sleeps; the writer is called back through onWritable.
   */
  send(payload: Uint8Array): boolean {
    const o = this.options;
    if (this.wmem >= o.sendBufferBytes) {
      this.blocked = true;
      return false;
    }
    const d: UdpDatagram = {
      srcPort: o.localPort,
      dstPort: o.remotePort,
      checksummed: o.checksummed,
      payload,
    };
    const { frames, truesize } = this.stack.framesFor(o.remoteIp, d);
    if (!this.stack.deviceTakes(this, frames)) {
      this.blocked = true;
      return false;
    }
    this.wmem += truesize;
    this.inFlight.set(d, { truesize, frames });
    this.stack.ledger.sent(o.port, o.out, frames);
    this.cost.send(this, d, frames);
    return true;
  }

  /** @internal the device queue this socket waited for has room (UdpStack.deviceTakes). */
  deviceHasRoom(): void {
    if (!this.blocked || 2 * this.wmem > this.options.sendBufferBytes) return;
    this.blocked = false;
    this.onWritable?.();
  }

  /** @internal the CPU has done the send: the datagram goes to IP. */
  sendDone(d: UdpDatagram): void {
    this.stack.output(this, d);
  }

  /** @internal IP queued `frames` of it on the device; false when none (its buffers are free). */
  handedDown(d: UdpDatagram, frames: number): boolean {
    if (frames === 0) {
      this.release(d);
      return false;
    }
    this.inFlight.get(d)!.frames = frames;
    return true;
  }

  /** @internal one frame of `d` was freed; true when it was the last. */
  frameFreed(d: UdpDatagram): boolean {
    const e = this.inFlight.get(d);
    if (e === undefined) return true;
    if (--e.frames > 0) return false;
    this.release(d);
    return true;
  }

  private release(d: UdpDatagram): void {
    const e = this.inFlight.get(d)!;
    this.inFlight.delete(d);
    this.wmem -= e.truesize;
    if (this.blocked && 2 * this.wmem <= this.options.sendBufferBytes) {
      this.blocked = false;
      this.onWritable?.();
    }
  }

  /** @internal a whole datagram for us arrived (from the stack). */
  arrived(d: UdpDatagram, truesize: number, fragments: number): void {
    this.cost.receive(this, d, truesize, fragments);
  }

  /** @internal udp_rcv is done: sock_queue_rcv_skb. */
  queue(d: UdpDatagram, truesize: number, fragments: number): void {
    const o = this.options;
    if (this.rmem + truesize >= o.recvBufferBytes) {
      this.stack.ledger.lose(o.port, o.in, d, 'socketBufferFull');
      return;
    }
    this.rmem += truesize;
    this.received.push({ d, truesize, fragments });
    this.pump();
  }

  /**
   * The application reads as soon as datagrams are there: once it runs, it takes every
   * datagram queued by then, one recvmsg each, and looks again when it is done.
   */
  private pump(): void {
    if (this.reading || this.queued === 0) return;
    this.reading = true;
    if (this.head > 0) {
      this.received = this.received.slice(this.head);
      this.head = 0;
    }
    this.cost.read(this, this.received.slice());
  }

  /** @internal the reads are done: the datagrams are the application's, their buffers free. */
  readDone(count: number): void {
    const o = this.options;
    for (let i = 0; i < count; i++) {
      const e = this.received[this.head++]!;
      this.rmem -= e.truesize;
      this.stack.ledger.delivered(o.port, o.in, e.d.payload.length);
      this.onDatagram?.(e.d);
    }
    if (this.head === this.received.length) {
      this.received.length = 0;
      this.head = 0;
    }
    this.reading = false;
    this.pump();
  }
}

/** A link peer's socket: its costs are not modelled, so every step is done at once. */
export const FREE_UDP: UdpCostModel = {
  send: (socket, d) => socket.sendDone(d),
  receive: (socket, d, truesize, fragments) => socket.queue(d, truesize, fragments),
  read: (socket, batch) => socket.readDone(batch.length),
};
