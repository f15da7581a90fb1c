import { HostDriver } from '../host/driver.ts';
import { HostSocket, HostSocketLayer } from '../host/sockets.ts';
import { CHECKSUM_UDP } from '../host/udp-sockets.ts';
import type { Architecture } from './architecture.ts';
import { attachDriver } from './host-stack.ts';
import type { Machine } from '../host/machine.ts';
import {
  flowKey,
  frameFlowKey,
  outgoingFlowKey,
  receiveHeaderOnly,
  receiveWholeFrame,
} from './paths.ts';

/**
 * The compromise: the host keeps TCP's control (state, timers, ACK processing) and sees
 * every header, but the window's bytes live in card memory. The card fetches user pages
 * once, segments from card memory (so a retransmission never crosses PCI-X again), keeps
 * received payload and writes it to the user buffer when the application reads.
 */
export const cardWindow: Architecture = {
  id: 'card-window',
  title: 'Window on the card',
  placement: {
    txCopy: 'none: card DMAs user pages into card memory',
    txSegmentation: 'card',
    txChecksum: 'card',
    retransmitFrom: 'card memory',
    tcpState: 'host',
    rxClassify: 'card',
    rxChecksum: 'card',
    rxReassembly: 'card memory, headers to host',
    rxCopy: 'none: card DMAs payload to the user buffer on read',
    arpAndRoutes: 'host',
    netfilterSees: 'headers',
    udp: 'not offloaded: the host path (the card classifies and checksums)',
  },
  install(m: Machine) {
    const onCard = new Map<number, HostSocket>();
    const driver = new HostDriver(m, {
      tso: true,
      payloadOnCard: (frame) => onCard.has(outgoingFlowKey(frame)),
    });
    attachDriver(m, driver);
    m.nic.rxHandler = (port, frame, now, out) => {
      if (!onCard.has(frameFlowKey(frame))) {
        return receiveWholeFrame(m, driver, port, frame, now, m.costs.cardFrameCycles, out);
      }
      // The payload stays in card memory; the headers need a host buffer.
      if (m.nic.rx[port]!.descriptors === 0) return false;
      const t = m.nic.engine.reserve(now, m.costs.cardFrameCycles + m.costs.cardFlowLookupCycles);
      return receiveHeaderOnly(m, driver, port, frame, t, out);
    };
    const windowBytes = (m.scenario.tcp.sendBufferKB + m.scenario.tcp.recvBufferKB) * 1024;
    const sockets = new HostSocketLayer(m, (socket) => {
      if (!m.nic.admit(windowBytes)) {
        m.logEvent(
          'fallback',
          -1,
          `connection ${socket.index} does not fit on the card: host stack`,
        );
        return { tx: 'copy', rx: 'copy' };
      }
      const key = flowKey(socket.tcp.remoteIp, socket.tcp.localPort, socket.tcp.remotePort);
      onCard.set(key, socket);
      socket.whenFinished(() => {
        onCard.delete(key);
        m.nic.release(windowBytes);
      });
      return { tx: 'card-dma', rx: 'card-dma-on-read' };
    });
    return {
      driver,
      sockets,
      offloaded: (s) => s instanceof HostSocket && s.paths.tx === 'card-dma',
      udp: CHECKSUM_UDP,
    };
  },
};
