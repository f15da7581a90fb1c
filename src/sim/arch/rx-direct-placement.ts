import { HostDriver, tcpPayloadBytes } from '../host/driver.ts';
import { HostSocket, HostSocketLayer } from '../host/sockets.ts';
import type { UdpPlacement } from '../host/udp-sockets.ts';
import type { UdpDatagram, UdpPacket } from '../wire/types.ts';
import type { Architecture } from './architecture.ts';
import { attachDriver } from './host-stack.ts';
import type { Machine } from '../host/machine.ts';
import { flowKey, frameFlowKey, receiveHeaderOnly, receiveWholeFrame } from './paths.ts';

interface FlowEntry {
  socket: HostSocket;
  /** The next in-order sequence number the card expects, or -1 before the first data. */
  nextSeq: number;
}

/**
 * Receive straight into user space: the card's flow table classifies each frame, splits
 * header from data, and places in-order payload directly into the posted user buffer;
 * the host's TCP sees only headers. Out-of-order payload takes the normal path and is
 * copied, and so does every frame when the application has no buffer posted
 * (`workload.receiveBufferPosted: false`): the card has nowhere to place it. Transmit is
 * as csum-tso.
 */
export const rxDirectPlacement: Architecture = {
  id: 'rx-direct-placement',
  title: 'RX direct placement',
  placement: {
    txCopy: 'CPU copy',
    txSegmentation: 'card',
    txChecksum: 'card',
    retransmitFrom: 'host memory',
    tcpState: 'host',
    rxClassify: 'card',
    rxChecksum: 'card',
    rxReassembly: 'card: payload placed into posted user buffers',
    rxCopy: 'none when a buffer is posted, else a fallback copy',
    arpAndRoutes: 'host',
    netfilterSees: 'headers',
    udp: 'the flow table places whole datagrams into posted buffers (checksum verified on the card); fragments take the host path',
  },
  install(m: Machine) {
    const flows = new Map<number, FlowEntry>();
    const bufferPosted = m.scenario.workload.receiveBufferPosted;
    const udp = new UdpFlowTable(m);
    const driver = new HostDriver(m, { tso: true, payloadOnCard: () => false });
    attachDriver(m, driver);
    m.nic.rxHandler = (port, frame, now, out) => {
      const c = m.costs;
      // Every frame ends in the host's ring (whole, or its headers): no buffer, no start.
      if (m.nic.rx[port]!.descriptors === 0) return false;
      const t = m.nic.engine.reserve(now, c.cardFrameCycles + c.cardFlowLookupCycles);
      if (frame.etherType === 0x0800 && frame.ip.protocol === 17) {
        if (bufferPosted && udp.place(frame.ip, port, t)) {
          return receiveHeaderOnly(m, driver, port, frame, t, out, udp.placedAt);
        }
        return receiveWholeFrame(m, driver, port, frame, t, 0, out);
      }
      const entry = flows.get(frameFlowKey(frame));
      const payload = tcpPayloadBytes(frame);
      if (!entry || payload === 0 || frame.etherType !== 0x0800 || frame.ip.protocol !== 6) {
        return receiveWholeFrame(m, driver, port, frame, t, 0, out);
      }
      const seq = frame.ip.tcp.seq;
      if (seq !== entry.nextSeq && seq !== entry.socket.tcp.rcvNxt) {
        return receiveWholeFrame(m, driver, port, frame, t, 0, out);
      }
      entry.nextSeq = (seq + payload) >>> 0;
      // In order, but no user buffer to put it in: the kernel's ring, copied on read.
      if (!bufferPosted) return receiveWholeFrame(m, driver, port, frame, t, 0, out);
      entry.socket.placedBytes += payload;
      const placed = m.pci.dmaWrite(t, m.nic.deviceFor(port), payload, 'payload');
      return receiveHeaderOnly(m, driver, port, frame, t, out, placed);
    };
    const sockets = new HostSocketLayer(m, (socket) => {
      if (!m.nic.admit(0)) {
        m.logEvent(
          'fallback',
          -1,
          `connection ${socket.index}: card flow table full, normal receive path`,
        );
        return { tx: 'copy', rx: 'copy' };
      }
      const key = flowKey(socket.tcp.remoteIp, socket.tcp.localPort, socket.tcp.remotePort);
      flows.set(key, { socket, nextSeq: -1 });
      socket.whenFinished(() => {
        flows.delete(key);
        m.nic.release(0);
      });
      return { tx: 'copy', rx: 'placed' };
    });
    return {
      driver,
      sockets,
      offloaded: (s) => s instanceof HostSocket && s.paths.rx === 'placed',
      udp,
    };
  },
};

/**
 * The card's UDP flows (rx-direct-placement): a connected socket's flow has an entry, and
 * a whole datagram for it goes straight into the buffer the application posted — the
 * card checks its checksum and writes the payload there, the host gets the headers. A
 * fragment cannot be placed: only the first carries the ports that name the flow, and
 * the card does not reassemble, so fragments take the host path.
 */
class UdpFlowTable implements UdpPlacement {
  readonly rxChecksum = true;
  readonly txChecksum = true;
  private readonly flows = new Set<number>();
  private readonly placedSet = new WeakSet<UdpDatagram>();
  /** When the last placed payload's DMA ends. */
  placedAt = 0;

  constructor(private readonly m: Machine) {}

  open(localPort: number, remoteIp: number, remotePort: number): void {
    if (!this.m.nic.admit(0)) {
      this.m.logEvent(
        'fallback',
        -1,
        `UDP flow ${localPort}: card flow table full, normal receive path`,
      );
      return;
    }
    this.flows.add(flowKey(remoteIp, localPort, remotePort));
  }

  placed(d: UdpDatagram): boolean {
    return this.placedSet.has(d);
  }

  /** Places `p`'s payload if it is a whole datagram of a known flow; false otherwise. */
  place(p: UdpPacket, port: number, at: number): boolean {
    if (p.fragment !== null) return false;
    if (!this.flows.has(flowKey(p.src, p.udp.dstPort, p.udp.srcPort))) return false;
    this.placedSet.add(p.udp);
    const dev = this.m.nic.deviceFor(port);
    this.placedAt = this.m.pci.dmaWrite(at, dev, p.udp.payload.length, 'payload');
    return true;
  }
}
