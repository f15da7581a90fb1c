import { coreForApp, type Machine } from './machine.ts';
import type { AppSocket, SocketLayer } from '../app/socket.ts';
import { DelayLine } from '../core/delay-line.ts';
import { CardMemoryShare } from '../nic/card-memory.ts';
import type { Nanoseconds } from '../core/time.ts';
import type { CloseReason, TcpConnection } from '../tcp/connection.ts';
import type { Ipv4 } from '../wire/types.ts';
import { CycleBill } from './cpu.ts';
import { copyTraffic } from './memory-traffic.ts';

/**
 * How payload crosses between the application and the socket buffers:
 * - `copy-csum`: the CPU copies and checksums in one pass (Linux 2.4 without offload);
 * - `copy`: the CPU copies, the card checksums;
 * - `card-dma` (TX): the card fetches the user pages into card memory — no CPU copy;
 * - `card-dma-on-read` (RX): the payload waits in card memory and the card writes it to the
 *   user buffer when the application reads — no CPU copy;
 * - `placed` (RX): the card already put the payload in the posted user buffer; bytes that
 *   arrived out of order, or while no buffer was posted, took the normal path and are
 *   copied.
 */
export type TxPath = 'copy-csum' | 'copy' | 'card-dma';
export type RxPath = 'copy-csum' | 'copy' | 'card-dma-on-read' | 'placed';

export interface SocketPaths {
  tx: TxPath;
  rx: RxPath;
}

/** Decides each new connection's paths (an architecture may fall back per connection). */
export type PathChooser = (socket: HostSocket) => SocketPaths;

const PAGE_BYTES = 4096;

/**
 * Linux's write-space rule (wake the writer once free ≥ half of what is queued),
 * counting bytes still being copied or fetched as queued: else the writer wakes to a
 * sliver of space.
 */
export function writeSpaceOpen(tcp: TcpConnection, pending: number): boolean {
  const free = tcp.sendBufferFree() - pending;
  return free > 0 && free >= (tcp.sendBufferUsed + pending) / 2;
}

const openConnection = (tcp: TcpConnection): void => {
  if (tcp.state === 'CLOSED') tcp.openActive();
};

/**
 * The local host's sockets over its own TCP: every write and read pays the system call
 * and the copy (or the DMA) of its architecture, on the CPU core of the connection.
 */
export class HostSocketLayer implements SocketLayer {
  /** Sockets opened so far: the next one's index (which spreads them over the cores). */
  private opened = 0;
  /** Payload the card wrote to user buffers on read (card-dma-on-read), delivered in order. */
  readonly dmaDone: DelayLine<{ socket: HostSocket; bytes: number }>;
  readonly txDmaDone: DelayLine<{ socket: HostSocket; data: Uint8Array }>;

  constructor(
    readonly m: Machine,
    readonly choosePaths: PathChooser,
  ) {
    this.dmaDone = new DelayLine(m.scheduler, 'sockets.rx-dma', (e) => e.socket.readDone(e.bytes));
    this.txDmaDone = new DelayLine(m.scheduler, 'sockets.tx-dma', (e) => e.socket.tcpWrite(e.data));
  }

  /** connect(): the host's socket and route work first, then the SYN leaves. */
  connect(localIp: Ipv4, remoteIp: Ipv4, remotePort: number): AppSocket {
    const tcp = this.m.hostTcp.connect(localIp, remoteIp, remotePort, undefined, true);
    const socket = this.adopt(tcp);
    const bill = new CycleBill().add('syscall', this.m.costs.syscallCycles);
    bill.add('protocol', this.m.costs.hostConnectionCycles);
    this.m.cpu.run(coreForApp(this.m, socket.index), bill, openConnection, tcp);
    return socket;
  }

  listen(localPort: number, onAccept: (socket: AppSocket) => void): void {
    this.m.hostTcp.listen(localPort, (tcp) => onAccept(this.adopt(tcp)));
  }

  private adopt(tcp: TcpConnection): HostSocket {
    const socket = new HostSocket(this, tcp, this.opened++);
    socket.paths = this.choosePaths(socket);
    return socket;
  }
}

export class HostSocket implements AppSocket {
  onEstablished?: () => void;
  onWritable?: () => void;
  onData?: (chunk: Uint8Array) => void;
  onEof?: () => void;
  onClosed?: (reason: CloseReason) => void;
  paths: SocketPaths = { tx: 'copy', rx: 'copy' };
  /** Bytes accepted from the application but not yet in TCP's send buffer. */
  private pendingTx = 0;
  private reading = false;
  private closeRequested = false;
  private eofSignalled = false;
  /** rx `placed`: bytes the card placed straight into the user buffer, not yet read. */
  placedBytes = 0;
  /** Card memory this socket holds (card-window). */
  private readonly cardShare: CardMemoryShare;

  /** Bytes of this connection's windows in card memory (0 where none are on the card). */
  get cardBytes(): number {
    return this.cardShare.bytes;
  }
  private readonly bill = new CycleBill();
  /** Numbers from the start (see core/time.ts). */
  private readonly core: number = 0;
  /** The NIC port this connection leaves by. */
  readonly port: number = 0;
  private readonly sink = (chunk: Uint8Array): void => this.onData?.(chunk);

  constructor(
    private readonly layer: HostSocketLayer,
    readonly tcp: TcpConnection,
    readonly index: number,
  ) {
    this.core = coreForApp(layer.m, index);
    this.port = layer.m.portOf(tcp.localIp);
    this.cardShare = new CardMemoryShare(layer.m.nic.memory);
    tcp.onEstablished = () => this.onEstablished?.();
    tcp.onWritable = () => {
      this.refreshCardMemory();
      if (writeSpaceOpen(this.tcp, this.pendingTx)) this.onWritable?.();
      else this.tcp.requestWritable();
    };
    tcp.onReadable = () => this.startRead();
    tcp.onClosed = (reason) => {
      this.refreshCardMemory();
      this.finish();
      this.onClosed?.(reason);
    };
    // In TIME_WAIT the stack keeps only a record (tcp/time-wait.ts) and tells the socket
    // nothing more: what CLOSED would do is done now.
    tcp.onStateChange = (state) => {
      if (state !== 'TIME_WAIT') return;
      this.refreshCardMemory();
      this.finish();
    };
  }

  private readonly finishHooks: (() => void)[] = [];
  private finished = false;

  /**
   * Runs `hook` once the connection no longer needs card resources: at TIME_WAIT (the
   * card hands the 60 s wait back to the host, as TOE drivers do) or CLOSED.
   */
  whenFinished(hook: () => void): void {
    this.finishHooks.push(hook);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const hook of this.finishHooks) hook();
    this.finishHooks.length = 0;
  }

  write(data: Uint8Array): number {
    const n = Math.min(data.length, this.tcp.sendBufferFree() - this.pendingTx);
    if (n < data.length) this.tcp.requestWritable();
    if (n <= 0) return 0;
    const chunk = n === data.length ? data : data.subarray(0, n);
    const { costs, ledger } = this.layer.m;
    const bill = this.bill.clear().add('syscall', costs.syscallCycles);
    switch (this.paths.tx) {
      case 'copy-csum':
        bill
          .add('copy', costs.copyTxCyclesPerByte * n)
          .add('checksum', costs.checksumFusedCyclesPerByte * n);
        bill.addMemory(copyTraffic(costs, n));
        ledger.txCopyBytes += n;
        break;
      case 'copy':
        bill.add('copy', costs.copyTxCyclesPerByte * n).addMemory(copyTraffic(costs, n));
        ledger.txCopyBytes += n;
        break;
      case 'card-dma':
        bill.add('driver', costs.toePerPageCycles * Math.ceil(n / PAGE_BYTES));
        bill.add('driver', costs.descriptorSetupCycles + costs.doorbellCycles);
        ledger.zeroCopyTxBytes += n;
        break;
    }
    this.pendingTx += n;
    this.layer.m.cpu.run(this.core, bill, this.writeCopied, chunk);
    return n;
  }

  private readonly writeCopied = (chunk: Uint8Array, now: Nanoseconds): void => {
    if (this.paths.tx !== 'card-dma') return this.tcpWrite(chunk);
    const { pci, nic } = this.layer.m;
    pci.mmioWrite(now, 'doorbell');
    const at = pci.dmaRead(now, nic.deviceFor(this.port), chunk.length, 'payload');
    this.layer.txDmaDone.push({ socket: this, data: chunk }, at);
  };

  /** @internal the payload is where TCP can send it from. */
  tcpWrite(chunk: Uint8Array): void {
    this.pendingTx -= chunk.length;
    const accepted = this.tcp.write(chunk);
    if (accepted !== chunk.length) {
      throw new Error(
        `socket ${this.index}: TCP took ${accepted} of ${chunk.length} reserved bytes`,
      );
    }
    this.refreshCardMemory();
    if (this.closeRequested && this.pendingTx === 0) this.tcp.close();
  }

  private startRead(): void {
    if (this.reading) return;
    const n = this.tcp.readable();
    if (n === 0) {
      this.checkEof();
      return;
    }
    this.reading = true;
    const { costs, ledger } = this.layer.m;
    const bill = this.bill.clear().add('syscall', costs.syscallCycles);
    switch (this.paths.rx) {
      case 'copy-csum':
        bill
          .add('copy', costs.copyRxCyclesPerByte * n)
          .add('checksum', costs.checksumFusedCyclesPerByte * n);
        bill.addMemory(copyTraffic(costs, n));
        ledger.rxCopyBytes += n;
        break;
      case 'copy':
        bill.add('copy', costs.copyRxCyclesPerByte * n).addMemory(copyTraffic(costs, n));
        ledger.rxCopyBytes += n;
        break;
      case 'placed': {
        const placed = Math.min(n, this.placedBytes);
        this.placedBytes -= placed;
        const copied = n - placed;
        bill.add('copy', costs.copyRxCyclesPerByte * copied).addMemory(copyTraffic(costs, copied));
        ledger.rxCopyBytes += copied;
        ledger.zeroCopyRxBytes += placed;
        break;
      }
      case 'card-dma-on-read':
        bill.add('driver', costs.descriptorSetupCycles + costs.doorbellCycles);
        ledger.zeroCopyRxBytes += n;
        break;
    }
    this.layer.m.cpu.run(this.core, bill, this.readPosted, n);
  }

  private readonly readPosted = (n: number, now: Nanoseconds): void => {
    if (this.paths.rx !== 'card-dma-on-read') return this.readDone(n);
    const { pci, nic } = this.layer.m;
    pci.mmioWrite(now, 'doorbell');
    const at = pci.dmaWrite(now, nic.deviceFor(this.port), n, 'payload');
    this.layer.dmaDone.push({ socket: this, bytes: n }, at);
  };

  /** @internal the application has the bytes. */
  readDone(n: number): void {
    this.tcp.read(n, this.sink);
    this.refreshCardMemory();
    this.reading = false;
    if (this.tcp.readable() > 0) this.startRead();
    else this.checkEof();
  }

  private checkEof(): void {
    if (this.tcp.eof && !this.eofSignalled && this.tcp.readable() === 0) {
      this.eofSignalled = true;
      this.onEof?.();
    }
  }

  /** card-window: the send window and held receive payload live in card memory. */
  refreshCardMemory(): void {
    if (this.paths.tx !== 'card-dma' && this.paths.rx !== 'card-dma-on-read') return;
    this.cardShare.set(
      (this.paths.tx === 'card-dma' ? this.tcp.sendBufferUsed : 0) +
        (this.paths.rx === 'card-dma-on-read' ? this.tcp.recvBufferUsed : 0),
    );
  }

  /** Closing waits for writes still being copied, as a blocking write would have. */
  close(): void {
    if (this.pendingTx > 0) this.closeRequested = true;
    else this.tcp.close();
  }

  abort(): void {
    this.tcp.abort();
  }
}
