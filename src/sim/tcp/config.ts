import { ms, seconds, type Nanoseconds } from '../core/time.ts';

/** Which operating system's choices TCP follows where the RFCs leave one (DESIGN.md §4). */
export type TcpProfile = 'linux-2.4' | 'linux';

export interface TcpConfig {
  profile: TcpProfile;
  timestamps: boolean;
  sack: boolean;
  windowScaling: boolean;
  delayedAck: boolean;
  nagle: boolean;
  sendBufferBytes: number;
  recvBufferBytes: number;
}

export const DEFAULT_TCP_CONFIG: Readonly<TcpConfig> = {
  profile: 'linux-2.4',
  timestamps: true,
  sack: false,
  windowScaling: true,
  delayedAck: true,
  nagle: true,
  sendBufferBytes: 256 * 1024,
  recvBufferBytes: 256 * 1024,
};

/** Initial window in segments: 2 in Linux 2.4, 10 since Linux 2.6.39 (RFC 6928). */
export function initialWindowSegments(profile: TcpProfile): number {
  switch (profile) {
    case 'linux-2.4':
      return 2;
    case 'linux':
      return 10;
  }
}

/** RFC 9293 §3.7.1: MSS assumed when a SYN carries no MSS option. */
export const DEFAULT_MSS = 536;
/** IPv4 (20) + TCP (20) headers without options, subtracted from the MTU for the MSS. */
export const IP_TCP_HEADERS = 40;
/** NOP NOP + timestamps option on every segment once negotiated (RFC 7323). */
export const TIMESTAMP_OPTION_BYTES = 12;
/** RFC 7323 §2.3: the largest window shift. */
export const MAX_WINDOW_SHIFT = 14;

/** RFC 6298 §2.1: RTO before any RTT sample. */
export const INITIAL_RTO: Nanoseconds = seconds(1);
/** Linux's TCP_RTO_MIN, used as the floor on the variance term (DESIGN.md §4). */
export const RTO_MIN: Nanoseconds = ms(200);
/** Linux's TCP_RTO_MAX; RFC 6298 §2.5 allows any cap ≥ 60 s. */
export const RTO_MAX: Nanoseconds = seconds(120);
/** Linux's TCP_DELACK_MIN / TCP_ATO_MIN (HZ/25). */
export const DELAYED_ACK: Nanoseconds = ms(40);
/** Linux's TCP_TIMEWAIT_LEN. */
export const TIME_WAIT: Nanoseconds = seconds(60);
/** Linux tcp_syn_retries (5 ⇒ give up after 1+2+4+8+16+32 s). */
export const SYN_RETRIES = 5;
/** Linux tcp_retries2. */
export const DATA_RETRIES = 15;
/** Linux TCP_MAX_QUICKACKS. */
export const MAX_QUICKACKS = 16;
/** Linux's ephemeral port range (ip_local_port_range). */
export const EPHEMERAL_FIRST = 32768;
export const EPHEMERAL_LAST = 60999;
