import { HostDriver } from '../host/driver.ts';
import { HostSocketLayer } from '../host/sockets.ts';
import { CHECKSUM_UDP } from '../host/udp-sockets.ts';
import type { Architecture } from './architecture.ts';
import { attachDriver } from './host-stack.ts';
import type { Machine } from '../host/machine.ts';
import { receiveWholeFrame } from './paths.ts';

/** What Linux adopted: the card checksums and cuts ≤ 64 KB super-segments (TSO). */
export const csumTso: Architecture = {
  id: 'csum-tso',
  title: 'Checksum + TSO',
  placement: {
    txCopy: 'CPU copy',
    txSegmentation: 'card',
    txChecksum: 'card',
    retransmitFrom: 'host memory',
    tcpState: 'host',
    rxClassify: 'host',
    rxChecksum: 'card',
    rxReassembly: 'host socket queue',
    rxCopy: 'CPU copy',
    arpAndRoutes: 'host',
    netfilterSees: 'everything',
    udp: 'host path; the card verifies whole datagrams’ checksums (Linux 2.4 sums its own on send); no fragmentation offload (UFO came with Linux 2.6.15, January 2006)',
  },
  install(m: Machine) {
    const driver = new HostDriver(m, { tso: true, payloadOnCard: () => false });
    attachDriver(m, driver);
    m.nic.rxHandler = (port, frame, now, out) =>
      receiveWholeFrame(m, driver, port, frame, now, m.costs.cardFrameCycles, out);
    return {
      driver,
      sockets: new HostSocketLayer(m, () => ({ tx: 'copy', rx: 'copy' })),
      offloaded: () => false,
      udp: CHECKSUM_UDP,
    };
  },
};
