import { HostDriver, tcpPayloadBytes } from '../host/driver.ts';
import { HostSocket, HostSocketLayer } from '../host/sockets.ts';
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
  },
  install(m: Machine) {
    const flows = new Map<number, FlowEntry>();
    const bufferPosted = m.scenario.workload.receiveBufferPosted;
    const driver = new HostDriver(m, { tso: true, payloadOnCard: () => false });
    attachDriver(m, driver);
    m.nic.rxHandler = (port, frame, now, out) => {
      const c = m.costs;
      // Every frame ends in the host's ring (whole, or its headers): no buffer, no start.
      if (m.nic.rx[port]!.descriptors === 0) return false;
      const t = m.nic.engine.reserve(now, c.cardFrameCycles + c.cardFlowLookupCycles);
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
    };
  },
};
