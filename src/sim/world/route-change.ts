import type { Host, NetDevice } from '../host/host.ts';
import type { Scenario, ScenarioEvent } from '../scenario/schema.ts';
import { formatIpv4 } from '../wire/address.ts';
import type { Ipv4 } from '../wire/types.ts';
import { localIp, peerAltIp, peerAltMac, peerIp, SUBNET_PREFIX } from './addresses.ts';
import type { PeerBridge } from './bridge.ts';

type RouteChange = Extract<ScenarioEvent, { kind: 'route-change' }>;

/**
 * Which second paths a world builds: those its scenario's route changes use, or every
 * {p → q} pair (a live session, where the user may fire any route change).
 */
export type SecondPaths = 'scenario' | 'all';

/** The distinct {port, toPort} pairs of the scenario's route changes, in event order. */
function scenarioPaths(scenario: Scenario): { port: number; toPort: number }[] {
  const seen = new Set<string>();
  const paths: { port: number; toPort: number }[] = [];
  for (const e of scenario.events) {
    if (e.kind !== 'route-change') continue;
    const key = `${e.port}/${e.toPort}`;
    if (seen.has(key)) continue;
    seen.add(key);
    paths.push({ port: e.port, toPort: e.toPort });
  }
  return paths;
}

/**
 * Gives peer p an interface on link q's far side for every route change {p → q}. Only
 * scenarios with a route change get one, so every other scenario's peers, their random
 * streams and their frames stay exactly as they were.
 */
export function addSecondPaths(
  scenario: Scenario,
  peers: readonly Host[],
  device: (toPort: number) => NetDevice,
  bridges: readonly PeerBridge[],
  which: SecondPaths = 'scenario',
): void {
  const paths = which === 'all' ? allPaths(peers.length) : scenarioPaths(scenario);
  for (const { port, toPort } of paths) {
    const peer = peers[port]!;
    const ifIndex = peer.addInterface({
      mac: peerAltMac(port, toPort),
      ip: peerAltIp(port, toPort),
      prefixLength: SUBNET_PREFIX,
      mtu: scenario.link.mtu,
      device: device(toPort),
    });
    bridges[toPort]!.attach(peer, ifIndex);
  }
}

function allPaths(ports: number): { port: number; toPort: number }[] {
  const paths: { port: number; toPort: number }[] = [];
  for (let port = 0; port < ports; port++) {
    for (let toPort = 0; toPort < ports; toPort++)
      if (toPort !== port) paths.push({ port, toPort });
  }
  return paths;
}

function interfaceWith(host: Host, ip: Ipv4): number | null {
  for (let i = 0; i < host.interfaceCount(); i++) if (host.addressOf(i) === ip) return i;
  return null;
}

/**
 * Traffic between the local host and peer p now goes through link q, as after a routing
 * protocol converged: both ends replace a host route (/32, so the connected /24 stays for
 * anything else). TCP connections keep their addresses; both hosts accept packets for any
 * local address on any interface (the weak host model, as Linux), so they survive.
 */
export function changeRoute(host: Host, peers: readonly Host[], event: RouteChange): string {
  const { port, toPort } = event;
  const peer = peers[port]!;
  const alt = peerAltIp(port, toPort);
  const peerIf = interfaceWith(peer, alt);
  // A live session (Session.fire) can ask for a path the world was not built with: say so
  // in the log rather than fail the run.
  if (peerIf === null || toPort === port) {
    return (
      `route change refused: no second path from port ${port} to port ${toPort} ` +
      `(built only for route-change events in the scenario)`
    );
  }
  host.routes.replace({
    prefix: peerIp(port),
    prefixLength: 32,
    nextHop: alt,
    interfaceIndex: toPort,
  });
  peer.routes.replace({
    prefix: localIp(port),
    prefixLength: 32,
    nextHop: localIp(toPort),
    interfaceIndex: peerIf,
  });
  return (
    `route to the peer on port ${port} (${formatIpv4(peerIp(port))}) moves to port ${toPort} ` +
    `via ${formatIpv4(alt)}; the peer routes back via ${formatIpv4(localIp(toPort))}`
  );
}
