import type { AppSocket } from '../app/socket.ts';
import type { Nanoseconds } from '../core/time.ts';
import { CycleBill } from '../host/cpu.ts';
import { writeSpaceOpen, type HostSocketLayer } from '../host/sockets.ts';
import { CardMemoryShare } from '../nic/card-memory.ts';
import type { CloseReason, TcpConnection } from '../tcp/connection.ts';
import type { Ipv4 } from '../wire/types.ts';
import type { ToeEngine } from './full-toe.ts';
import { coreForApp } from '../host/machine.ts';
import { flowKey } from './paths.ts';

const PAGE_BYTES = 4096;

/**
 * full-toe's socket switch: a connection goes to the card when it fits (its table and
 * memory), else to the host stack. Sends post pinned user pages the card fetches;
 * receives complete into posted user buffers.
 */
export class ToeSocketLayer {
  /** Connections asked for so far: the next one's number (log lines, core choice). */
  private opened = 0;

  constructor(
    readonly engine: ToeEngine,
    private readonly fallback: HostSocketLayer,
  ) {}

  connect(localIp: Ipv4, remoteIp: Ipv4, remotePort: number): AppSocket {
    const { m } = this.engine;
    const windowBytes = (m.scenario.tcp.sendBufferKB + m.scenario.tcp.recvBufferKB) * 1024;
    // The filter decides first: a refused connection must not hold a card slot.
    const id = this.opened++;
    if (this.engine.cardFilter.refuses(id, localIp, remoteIp, remotePort)) {
      return this.fallback.connect(localIp, remoteIp, remotePort);
    }
    if (!m.nic.admit(windowBytes)) {
      m.logEvent('fallback', -1, `connection ${id} does not fit on the card: host stack`);
      return this.fallback.connect(localIp, remoteIp, remotePort);
    }
    // Handing a connection to the card: the host's socket and driver work, then the
    // engine sets up the connection's state; only then does the card send the SYN.
    this.engine.offloading(m.portOf(localIp), remoteIp);
    const tcp = this.engine.cardTcp.connect(localIp, remoteIp, remotePort, undefined, true);
    const bill = new CycleBill().add('syscall', m.costs.syscallCycles);
    bill.add('driver', m.costs.toeOffloadHostCycles);
    m.cpu.run(coreForApp(m, id), bill, this.handedOver, tcp);
    return new ToeSocket(this.engine, tcp, id, windowBytes);
  }

  listen(localPort: number, onAccept: (socket: AppSocket) => void): void {
    this.fallback.listen(localPort, onAccept);
  }

  private readonly handedOver = (tcp: TcpConnection, now: Nanoseconds): void => {
    const { m } = this.engine;
    this.engine.opened.push(tcp, m.nic.engine.reserve(now, m.costs.toeConnectionSetupCycles));
  };
}

/** A socket whose connection lives on the card (a connection that falls back gets a HostSocket). */
export class ToeSocket implements AppSocket {
  onEstablished?: () => void;
  onWritable?: () => void;
  onData?: (chunk: Uint8Array) => void;
  onEof?: () => void;
  onClosed?: (reason: CloseReason) => void;
  private pendingTx = 0;
  private delivering = 0;
  private closeRequested = false;
  private eofSignalled = false;
  private readonly cardShare: CardMemoryShare;

  /** Bytes of this connection's windows in card memory (0 where none are on the card). */
  get cardBytes(): number {
    return this.cardShare.bytes;
  }
  private readonly bill = new CycleBill();
  private readonly core: number;
  private readonly port: number;

  get portIndex(): number {
    return this.port;
  }
  private readonly flush;
  private readonly key: number;
  private readonly postBytes: number;
  private readonly sink = (chunk: Uint8Array): void => this.onData?.(chunk);

  constructor(
    private readonly engine: ToeEngine,
    readonly tcp: TcpConnection,
    readonly index: number,
    private readonly windowBytes: number,
  ) {
    const m = engine.m;
    this.core = coreForApp(m, index);
    this.port = m.portOf(tcp.localIp);
    this.cardShare = new CardMemoryShare(m.nic.memory);
    this.key = flowKey(tcp.remoteIp, tcp.localPort, tcp.remotePort);
    // The application posts receive buffers of its message size (at most half the window).
    this.postBytes = Math.max(
      1,
      Math.min(m.scenario.workload.messageBytes, (m.scenario.tcp.recvBufferKB * 1024) / 2),
    );
    this.flush = m.scheduler.timer(`toe.flush.${index}`, () => this.completeRead());
    engine.flows.set(this.key, this);
    tcp.onEstablished = () => this.onEstablished?.();
    tcp.onWritable = () => {
      this.refreshCardMemory();
      // Linux's write-space rule (free ≥ half of what is queued), counting the bytes
      // still being copied or fetched as queued: else the writer wakes to a sliver.
      if (writeSpaceOpen(this.tcp, this.pendingTx)) this.onWritable?.();
      else this.tcp.requestWritable();
    };
    tcp.onReadable = () => this.dataOnCard();
    tcp.onClosed = (reason) => {
      this.forget();
      this.onClosed?.(reason);
    };
    // TIME_WAIT needs no window: the card frees the connection's slot and memory then,
    // as TOE drivers hand TIME_WAIT back to the host; the card's stack keeps a record of
    // the wait (tcp/time-wait.ts) and the socket is forgotten once its data is delivered.
    tcp.onStateChange = (state) => {
      if (state !== 'TIME_WAIT') return;
      this.release();
      this.forgetOnceDelivered();
    };
  }

  /** Posting a send: pin the pages, post a descriptor; the card fetches the payload. */
  write(data: Uint8Array): number {
    const n = Math.min(data.length, this.tcp.sendBufferFree() - this.pendingTx);
    if (n < data.length) this.tcp.requestWritable();
    if (n <= 0) return 0;
    const chunk = n === data.length ? data : data.subarray(0, n);
    const { costs, ledger, cpu } = this.engine.m;
    const bill = this.bill.clear().add('syscall', costs.syscallCycles);
    bill.add('driver', costs.toePostCycles + costs.toePerPageCycles * Math.ceil(n / PAGE_BYTES));
    ledger.zeroCopyTxBytes += n;
    this.pendingTx += n;
    cpu.run(this.core, bill, this.posted, chunk);
    return n;
  }

  private readonly posted = (chunk: Uint8Array, now: Nanoseconds): void => {
    const { pci, nic, costs } = this.engine.m;
    const dev = nic.deviceFor(this.port);
    pci.mmioWrite(now, 'doorbell');
    // The card fetches the work request, then the payload from the pinned pages.
    const wr = pci.dmaRead(now, dev, costs.descriptorBytes, 'descriptor');
    const at = pci.dmaRead(wr, dev, chunk.length, 'payload');
    this.engine.txFetched.push({ socket: this, chunk }, at);
  };

  /** @internal the payload is in card memory: the card's TCP can send it. */
  fetched(chunk: Uint8Array): void {
    this.pendingTx -= chunk.length;
    this.tcp.write(chunk);
    this.refreshCardMemory();
    if (this.closeRequested && this.pendingTx === 0) this.tcp.close();
  }

  /** In-order data reached card memory: complete the posted read when it is full, or soon. */
  private dataOnCard(): void {
    this.refreshCardMemory();
    const ready = this.tcp.readable() - this.delivering;
    if (ready >= this.postBytes || (ready > 0 && (this.tcp.eof || this.tcp.pushed))) {
      this.completeRead();
    } else if (ready > 0 && !this.flush.armed) {
      this.flush.armAfter(Math.round(1e9 / this.engine.m.costs.maxInterruptsPerSecond));
    } else if (ready === 0) this.checkEof();
  }

  /** The card writes the payload into the posted user buffer, then signals completion. */
  private completeRead(): void {
    this.flush.cancel();
    const n = Math.min(this.tcp.readable() - this.delivering, this.postBytes);
    if (n <= 0) return;
    const { pci, nic, scheduler, ledger } = this.engine.m;

    this.delivering += n;
    ledger.zeroCopyRxBytes += n;
    const dev = nic.deviceFor(this.port);
    const placed = pci.dmaWrite(scheduler.now, dev, n, 'payload');
    // Then a completion entry tells the host the buffer is full.
    const at = pci.dmaWrite(placed, dev, this.engine.m.costs.descriptorBytes, 'descriptor');
    this.engine.rxPlaced.push({ socket: this, bytes: n }, at);
  }

  /** @internal the payload is in the user buffer: the host takes the completion. */
  placed(n: number): void {
    const { cpu, costs } = this.engine.m;
    const bill = this.bill
      .clear()
      .add('syscall', costs.syscallCycles)
      .add('driver', costs.toePostCycles);
    cpu.run(this.core, bill, this.readComplete, n);
  }

  private readonly readComplete = (n: number): void => {
    this.delivering -= n;
    this.tcp.read(n, this.sink);
    this.refreshCardMemory();
    this.dataOnCard();
  };

  private checkEof(): void {
    if (this.tcp.eof && !this.eofSignalled && this.tcp.readable() === 0 && this.delivering === 0) {
      this.eofSignalled = true;
      this.onEof?.();
    }
    this.forgetOnceDelivered();
  }

  /** In TIME_WAIT, once everything received has reached the application: forget it. */
  private forgetOnceDelivered(): void {
    if (this.tcp.state !== 'TIME_WAIT' && this.tcp.state !== 'CLOSED') return;
    if (this.tcp.readable() === 0 && this.delivering === 0) this.forget();
  }

  private forgotten = false;

  /**
   * The connection is done with the card: its flow entry goes, and its timer goes back to
   * the scheduler, which would keep it (and this socket, and its connection) for the rest
   * of the run.
   */
  private forget(): void {
    if (this.forgotten) return;
    this.forgotten = true;
    this.engine.flows.delete(this.key);
    this.refreshCardMemory();
    this.release();
    this.engine.m.scheduler.release(this.flush);
  }

  private released = false;

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.engine.m.nic.release(this.windowBytes);
  }

  private refreshCardMemory(): void {
    this.cardShare.set(this.tcp.sendBufferUsed + this.tcp.recvBufferUsed);
  }

  close(): void {
    if (this.pendingTx > 0) this.closeRequested = true;
    else this.tcp.close();
  }

  abort(): void {
    this.tcp.abort();
  }
}
