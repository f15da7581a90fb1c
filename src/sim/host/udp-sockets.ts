import type { Nanoseconds } from '../core/time.ts';
import type { QueuedDatagram, UdpSocket, UdpCostModel } from '../udp/socket.ts';
import type { UdpDatagram } from '../wire/types.ts';
import { CycleBill } from './cpu.ts';
import { coreForPort, type Machine } from './machine.ts';
import { copyTraffic } from './memory-traffic.ts';

/**
 * What an architecture does with UDP (issue 14). The 2002 offload designs carry TCP
 * only: full-toe and card-window send UDP down the host path and their cards only
 * classify it; what a card can still do is checksum, and rx-direct-placement can place a
 * whole datagram into a posted user buffer.
 */
export interface UdpPlacement {
  /** The card verifies the UDP checksum of whole datagrams it receives (e1000 UDPCS). */
  readonly rxChecksum: boolean;
  /** The card can fill in the UDP checksum on send (e1000 TCP/UDP checksum offload). */
  readonly txChecksum: boolean;
  /** rx-direct-placement: the card put this datagram's payload in the user's posted buffer. */
  placed?(d: UdpDatagram): boolean;
  /** A connected socket's flow, for a card that keeps a flow table. */
  open?(localPort: number, remoteIp: number, remotePort: number): void;
}

/** The host path with no help from the card (host-stack). */
export const HOST_UDP: UdpPlacement = { rxChecksum: false, txChecksum: false };
/** Checksum offload for UDP, nothing else (csum-tso, and full-toe and card-window's host path). */
export const CHECKSUM_UDP: UdpPlacement = { rxChecksum: true, txChecksum: true };

/** Which Linux a host runs: 2.4's UDP never hands its checksum to the card. */
export type UdpKernel = 'linux-2.4' | 'linux';

/**
 * The local host's UDP costs, as CPU jobs (DESIGN.md §3). Sending: the system call,
 * udp_sendmsg and ip_build_xmit per datagram, one more loop per extra fragment, and the
 * copy from user space — in Linux 2.4 always with the checksum fused into it
 * (csum_partial_copy_fromiovecend in udp_getfrag), whatever the card could do, unless
 * the socket has SO_NO_CHECK; later kernels let the card checksum a datagram that fits
 * one frame. Receiving: udp_rcv per datagram (and ip_frag_reasm when it came in pieces)
 * on the interrupt's core, then recvmsg on the application's: the system call, and the
 * copy to user space, with the checksum fused in (skb_copy_and_csum_datagram_iovec)
 * unless the card verified it — which it can only for a whole datagram, never for
 * fragments — or the datagram has none. A datagram the card placed is not copied.
 * The per-frame work (driver, IP) is charged by the driver.
 */
export class HostUdpCosts implements UdpCostModel {
  private readonly bill = new CycleBill();

  constructor(
    private readonly m: Machine,
    private readonly placement: UdpPlacement,
    private readonly kernel: UdpKernel,
  ) {}

  send(socket: UdpSocket, d: UdpDatagram, frames: number): void {
    const c = this.m.costs;
    const n = d.payload.length;
    const bill = this.bill.clear().add('syscall', c.syscallCycles);
    bill.add('protocol', c.udpTxDatagramCycles + c.ipFragmentTxCycles * (frames - 1));
    bill.add('copy', c.copyTxCyclesPerByte * n).addMemory(copyTraffic(c, n));
    const cardSums = this.kernel === 'linux' && this.placement.txChecksum && frames === 1;
    if (d.checksummed && !cardSums) bill.add('checksum', c.checksumFusedCyclesPerByte * n);
    this.m.ledger.txCopyBytes += n;
    this.m.cpu.run(this.appCore(socket), bill, this.sent, { socket, d });
  }

  receive(socket: UdpSocket, d: UdpDatagram, truesize: number, fragments: number): void {
    const c = this.m.costs;
    const bill = this.bill.clear().add('protocol', c.udpRxDatagramCycles);
    if (fragments > 1) bill.add('protocol', c.ipReassemblyCycles);
    const core = coreForPort(this.m, socket.port);
    this.m.cpu.run(core, bill, this.received, { socket, d, truesize, fragments });
  }

  read(socket: UdpSocket, batch: readonly QueuedDatagram[]): void {
    const c = this.m.costs;
    const bill = this.bill.clear();
    const ledger = this.m.ledger;
    for (const { d, fragments } of batch) {
      const n = d.payload.length;
      bill.add('syscall', c.syscallCycles).add('protocol', c.udpRecvmsgCycles);
      if (this.placement.placed?.(d) === true) {
        ledger.zeroCopyRxBytes += n;
        continue;
      }
      bill.add('copy', c.copyRxCyclesPerByte * n).addMemory(copyTraffic(c, n));
      const verified = !d.checksummed || (this.placement.rxChecksum && fragments === 1);
      if (!verified) bill.add('checksum', c.checksumFusedCyclesPerByte * n);
      ledger.rxCopyBytes += n;
    }
    this.m.cpu.run(this.appCore(socket), bill, this.readDone, { socket, count: batch.length });
  }

  /** The application's core, as for TCP sockets: by the socket's index. */
  private appCore(socket: UdpSocket): number {
    return coreForPort(this.m, socket.options.index);
  }

  private readonly sent = (e: { socket: UdpSocket; d: UdpDatagram }, _now: Nanoseconds): void =>
    e.socket.sendDone(e.d);

  private readonly received = (
    e: { socket: UdpSocket; d: UdpDatagram; truesize: number; fragments: number },
    _now: Nanoseconds,
  ): void => e.socket.queue(e.d, e.truesize, e.fragments);

  private readonly readDone = (e: { socket: UdpSocket; count: number }, _now: Nanoseconds): void =>
    e.socket.readDone(e.count);
}
