import { ms, type Nanoseconds } from '../core/time.ts';
import type { ScenarioEvent } from '../scenario/schema.ts';
import { parseMac } from '../wire/address.ts';
import { peerIp, routerIp, routerMac } from './addresses.ts';
import { UnsupportedScenarioError } from './flows.ts';
import { changeRoute } from './route-change.ts';
import type { World } from './world.ts';

/** One line of the run's event log (scenario events and what they did). */
export interface LogEntry {
  timeNs: Nanoseconds;
  kind: string;
  port: number;
  text: string;
}

/** Refuses, before anything runs, events this version cannot carry out honestly. */
export function checkEventsSupported(events: readonly ScenarioEvent[]): void {
  events.forEach((event, i) => {
    if (event.kind === 'route-change' && event.toPort === event.port) {
      throw new UnsupportedScenarioError(
        `events[${i}].toPort`,
        '"route-change" to the port\'s own link: the direct path is the only path there, and ' +
          'moving a route back is not modelled; supported: toPort other than port',
      );
    }
  });
}

/** Schedules every scenario event on the world's clock; each appends to `log`. */
export function scheduleEvents(world: World): void {
  checkEventsSupported(world.scenario.events);
  for (const event of world.scenario.events) {
    world.scheduler.at(ms(event.atMs), event.kind, (now) => {
      world.log.push({
        timeNs: now,
        kind: event.kind,
        port: event.port,
        text: applyEvent(world, event),
      });
    });
  }
}

/** Carries out one event now; returns what happened, for the log. */
export function applyEvent(world: World, event: ScenarioEvent): string {
  const port = event.port;
  switch (event.kind) {
    case 'drop-frames':
      world.linkEvents[port]!.dropFrames(event.direction, event.match, event.count);
      return `drop the next ${event.count} ${event.match} frame(s) ${event.direction} on port ${port}`;
    case 'link-down':
      world.linkEvents[port]!.linkDown(ms(event.forMs));
      return `port ${port} link down for ${event.forMs} ms`;
    case 'gratuitous-arp': {
      const peer = world.peers[port]!;
      peer.setMac(0, parseMac(event.newMac));
      peer.sendGratuitousArp(0);
      return `peer on port ${port} moves to ${event.newMac} and announces it; the old MAC stops answering`;
    }
    case 'pmtu':
      world.linkEvents[port]!.setPathMtu(event.mtu, {
        routerIp: routerIp(port),
        routerMac: routerMac(port),
      });
      return `path MTU on port ${port} drops to ${event.mtu}`;
    case 'arp-expire':
      world.host.neighbours(port).delete(peerIp(port));
      return `host's ARP entry for the peer on port ${port} expires`;
    case 'route-change':
      return changeRoute(world.host, world.peers, event);
  }
}
