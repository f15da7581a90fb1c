import type { Ipv4 } from '../../wire/types.ts';

/** 192.168.0.1: the simulated host under test (packetdrill's local address). */
export const LOCAL_IP: Ipv4 = 0xc0a8_0001;
/** 192.0.2.1 (TEST-NET-1, RFC 5737): the remote end the script plays. */
export const REMOTE_IP: Ipv4 = 0xc000_0201;
/** The port listen() binds and connect() reaches. */
export const LOCAL_PORT = 8080;
/** The remote's port on a passive open. */
export const REMOTE_PORT = 40000;
