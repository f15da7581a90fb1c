import type { Ipv4, Mac } from '../wire/types.ts';

/**
 * The addressing plan. Port p of the local host's NIC sits on subnet 10.0.p.0/24 with
 * its link peer: local 10.0.p.1 (MAC 02:00:00:00:00:0p+1), peer 10.0.p.2
 * (02:00:00:00:10:0p+1), and an on-path router 10.0.p.254 that only speaks when a
 * `pmtu` event narrows the path. Locally administered MACs (the 02 bit).
 */
export const SUBNET_PREFIX = 24;

function ip(a: number, b: number, c: number, d: number): Ipv4 {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function mac(group: number, port: number): Mac {
  return 0x02_00_00_00_00_00 + group * 0x100 + port + 1;
}

export function localIp(port: number): Ipv4 {
  return ip(10, 0, port, 1);
}

export function peerIp(port: number): Ipv4 {
  return ip(10, 0, port, 2);
}

export function routerIp(port: number): Ipv4 {
  return ip(10, 0, port, 254);
}

export function subnetOf(port: number): Ipv4 {
  return ip(10, 0, port, 0);
}

/** The port whose local address `ip` is (10.0.p.1 → p). */
export function portOfLocalIp(ip: Ipv4): number {
  return (ip >>> 8) & 0xff;
}

export function localMac(port: number): Mac {
  return mac(0x00, port);
}

export function peerMac(port: number): Mac {
  return mac(0x10, port);
}

export function routerMac(port: number): Mac {
  return mac(0x20, port);
}

/**
 * The second path of a `route-change` {port, toPort}: peer `port` gets an interface on
 * link `toPort`'s far side, 10.0.toPort.(100+port), MAC 02:00:00:00:3t:0p+1 (t = toPort,
 * so one peer can have a second path on several links without a MAC clash).
 */
export function peerAltIp(port: number, toPort: number): Ipv4 {
  return ip(10, 0, toPort, 100 + port);
}

export function peerAltMac(port: number, toPort: number): Mac {
  return mac(0x30 + toPort, port);
}

/** The peer's services: a sink that discards (like discard/iperf) and a source. */
export const SINK_PORT = 5001;
export const SOURCE_PORT = 5002;
