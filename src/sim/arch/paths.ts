import type { HostDriver } from '../host/driver.ts';
import { headerBytes, tcpPayloadBytes } from '../host/driver.ts';
import type { Nanoseconds } from '../core/time.ts';
import type { EthernetFrame } from '../wire/types.ts';
import type { Machine } from '../host/machine.ts';

/**
 * Building blocks the architectures share: how a frame from the wire reaches host
 * memory, and how a connection is found on the card.
 */

/** The card DMAs the whole frame into a host receive buffer (plain NIC receive). */
export function receiveWholeFrame(
  m: Machine,
  driver: HostDriver,
  port: number,
  frame: EthernetFrame,
  now: Nanoseconds,
  engineCycles: number,
): void {
  const dev = m.nic.deviceFor(port);
  const t = m.nic.engine.reserve(now, engineCycles);
  let done = m.pci.dmaWrite(t, dev, headerBytes(frame), 'header');
  const payload = tcpPayloadBytes(frame);
  if (payload > 0) done = Math.max(done, m.pci.dmaWrite(t, dev, payload, 'payload'));
  done = Math.max(done, m.pci.dmaWrite(t, dev, m.costs.descriptorBytes, 'descriptor'));
  driver.received(port, frame, done, 'frame');
}

/** Header/data split: only the headers (and a descriptor) go to the host's ring. */
export function receiveHeaderOnly(
  m: Machine,
  driver: HostDriver,
  port: number,
  frame: EthernetFrame,
  at: Nanoseconds,
): void {
  const dev = m.nic.deviceFor(port);
  let done = m.pci.dmaWrite(at, dev, headerBytes(frame), 'header');
  done = Math.max(done, m.pci.dmaWrite(at, dev, m.costs.descriptorBytes, 'descriptor'));
  driver.received(port, frame, done, 'header');
}

/**
 * The card's flow table key for a TCP connection seen from the local host. Remote
 * addresses in a world differ in their low 21 bits (10.0.p.2), so the key is exact.
 */
export function flowKey(remoteIp: number, localPort: number, remotePort: number): number {
  return (localPort * 65536 + remotePort) * 0x20_0000 + (remoteIp & 0x1f_ffff);
}

/** The key of an arriving frame's connection, or -1 when it is not TCP. */
export function frameFlowKey(frame: EthernetFrame): number {
  if (frame.etherType !== 0x0800 || frame.ip.protocol !== 6) return -1;
  return flowKey(frame.ip.src, frame.ip.tcp.dstPort, frame.ip.tcp.srcPort);
}

/** The key of a departing frame's connection, or -1. */
export function outgoingFlowKey(frame: EthernetFrame): number {
  if (frame.etherType !== 0x0800 || frame.ip.protocol !== 6) return -1;
  return flowKey(frame.ip.dst, frame.ip.tcp.srcPort, frame.ip.tcp.dstPort);
}
