import { HostDriver } from '../host/driver.ts';
import { HostSocketLayer } from '../host/sockets.ts';
import { HOST_UDP } from '../host/udp-sockets.ts';
import type { Architecture } from './architecture.ts';
import type { Machine } from '../host/machine.ts';
import { receiveWholeFrame } from './paths.ts';

/** Linux 2.4 with a plain gigabit NIC: the CPU copies, checksums and segments. */
export const hostStack: Architecture = {
  id: 'host-stack',
  title: 'Host stack',
  placement: {
    txCopy: 'CPU copy, checksum fused',
    txSegmentation: 'host',
    txChecksum: 'host',
    retransmitFrom: 'host memory',
    tcpState: 'host',
    rxClassify: 'host',
    rxChecksum: 'host',
    rxReassembly: 'host socket queue',
    rxCopy: 'CPU copy',
    arpAndRoutes: 'host',
    netfilterSees: 'everything',
    udp: 'host: per datagram, checksum fused into the copies, fragments and reassembles',
  },
  install(m: Machine) {
    const driver = new HostDriver(m, { tso: false, payloadOnCard: () => false });
    attachDriver(m, driver);
    m.nic.rxHandler = (port, frame, now, out) =>
      receiveWholeFrame(m, driver, port, frame, now, m.costs.cardFrameCycles, out);
    return {
      driver,
      sockets: new HostSocketLayer(m, () => ({ tx: 'copy-csum', rx: 'copy-csum' })),
      offloaded: () => false,
      udp: HOST_UDP,
    };
  },
};

/** Puts the driver between the host's IP layer and the NIC, and its interrupt service on the NIC. */
export function attachDriver(m: Machine, driver: HostDriver): void {
  m.links.forEach((_, port) => m.host.setDevice(port, driver.device(port)));
  m.nic.interruptService = (port, now) => driver.interrupt(port, now);
}
