import type { HostDriver } from '../host/driver.ts';
import type { Machine } from '../host/machine.ts';
import type { Nanoseconds } from '../core/time.ts';
import type { RxTiming } from '../nic/nic.ts';
import { headerBytes, payloadBytes } from '../wire/size.ts';
import type { EthernetFrame } from '../wire/types.ts';

/**
 * Building blocks the architectures share: how a frame at the head of a port's receive
 * FIFO reaches host memory, and how a connection is found on the card.
 */

/**
 * The card DMAs the whole frame into the next posted host buffer (plain NIC receive),
 * then writes the descriptor back; false (nothing done) when no buffer is posted.
 */
export function receiveWholeFrame(
  m: Machine,
  driver: HostDriver,
  port: number,
  frame: EthernetFrame,
  now: Nanoseconds,
  engineCycles: number,
  out: RxTiming,
): boolean {
  if (!m.nic.rx[port]!.takeDescriptor(now)) return false;
  const dev = m.nic.deviceFor(port);
  const t = m.nic.engine.reserve(now, engineCycles);
  const payload = payloadBytes(frame);
  const inMemory = m.pci.dmaWrite(t, dev, headerBytes(frame) + payload, 'header', payload);
  m.nic.rxWriteBack[port]!.add(frame, inMemory, driver, 'frame');
  out.releaseAt = inMemory;
  return true;
}

/**
 * Header/data split: only the headers (and a descriptor) go to the host's ring; the
 * payload went elsewhere (card memory, a posted user buffer). False when no buffer is posted.
 */
export function receiveHeaderOnly(
  m: Machine,
  driver: HostDriver,
  port: number,
  frame: EthernetFrame,
  at: Nanoseconds,
  out: RxTiming,
  /** When the payload the card moved elsewhere is out of the FIFO too. */
  payloadDone: Nanoseconds = at,
): boolean {
  if (!m.nic.rx[port]!.takeDescriptor(m.scheduler.now)) return false;
  const dev = m.nic.deviceFor(port);
  const inMemory = m.pci.dmaWrite(at, dev, headerBytes(frame), 'header');
  m.nic.rxWriteBack[port]!.add(frame, inMemory, driver, 'header');
  out.releaseAt = Math.max(inMemory, payloadDone);
  return true;
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
