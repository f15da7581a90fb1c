import type { PortQueues } from '../metrics/results.ts';
import type { QueueGauge } from '../metrics/queue-gauge.ts';
import type { World } from '../world/world.ts';

/** The queues a frame passes on a port, in results order (DESIGN.md §3). */
export const PORT_QUEUES: readonly (keyof PortQueues)[] = [
  'qdiscPackets',
  'txRingDescriptors',
  'txFifoBytes',
  'rxFifoBytes',
  'rxRingDescriptors',
  'peerQueueFrames',
];

/** A port's queues as gauges of the world, brought up to now. */
export function portGauges(world: World, port: number): Record<keyof PortQueues, QueueGauge> {
  const driver = world.architecture.driver;
  // The receive FIFO frees its bytes lazily, as frames arrive: bring it up to now.
  world.nic.rx[port]!.settle(world.scheduler.now);
  return {
    qdiscPackets: driver.qdisc(port).gauge,
    txRingDescriptors: driver.txRing(port),
    txFifoBytes: world.nic.tx[port]!.fifo,
    rxFifoBytes: world.nic.rx[port]!.fifo,
    rxRingDescriptors: world.nic.rx[port]!.ringHeld,
    peerQueueFrames: world.peerPorts[port]!.depth,
  };
}

/** Every port's queue areas (∫ depth dt) at now, port after port in PORT_QUEUES order. */
export function queueAreas(world: World): Float64Array {
  const now = world.scheduler.now;
  const out = new Float64Array(world.links.length * PORT_QUEUES.length);
  for (let port = 0; port < world.links.length; port++) {
    const gauges = portGauges(world, port);
    PORT_QUEUES.forEach((q, i) => {
      out[port * PORT_QUEUES.length + i] = gauges[q].areaUntil(now);
    });
  }
  return out;
}
