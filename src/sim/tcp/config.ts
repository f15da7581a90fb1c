import { ms, seconds, type Nanoseconds } from '../core/time.ts';

/** Which operating system's choices TCP follows where the RFCs leave one (DESIGN.md §4). */
export type TcpProfile = 'linux-2.4' | 'linux';

/** Congestion-control algorithms (tcp.congestion). */
export const CONGESTION_CONTROLS = ['newreno', 'cubic'] as const;
export type CongestionName = (typeof CONGESTION_CONTROLS)[number];

export interface TcpConfig {
  profile: TcpProfile;
  /** Congestion control; undefined means the profile's default (profileRules().congestion). */
  congestion?: CongestionName;
  timestamps: boolean;
  sack: boolean;
  windowScaling: boolean;
  delayedAck: boolean;
  nagle: boolean;
  sendBufferBytes: number;
  recvBufferBytes: number;
}

/** SACK is on by default in both profiles, as in Linux (sysctl_tcp_sack = 1 since 2.2). */
export const DEFAULT_TCP_CONFIG: Readonly<TcpConfig> = {
  profile: 'linux-2.4',
  timestamps: true,
  sack: true,
  windowScaling: true,
  delayedAck: true,
  nagle: true,
  sendBufferBytes: 256 * 1024,
  recvBufferBytes: 256 * 1024,
};

/**
 * The choices each profile makes, with their source. `linux` is a modern kernel
 * (5.x–6.x defaults); `linux-2.4` is Linux 2.4.20 (net/ipv4/tcp_input.c, include/net/tcp.h).
 */
export interface ProfileRules {
  /** Initial window in segments: 2 in 2.4 (tcp_v4_init_sock), 10 since 2.6.39 (RFC 6928). */
  readonly initialWindow: number;
  /** RTO before any RTT sample: 2.4's TCP_TIMEOUT_INIT is 3 s (RFC 1122); RFC 6298 §2.1 made it 1 s (Linux 3.1). */
  readonly initialRto: Nanoseconds;
  /** tcp_syn_retries: TCP_SYN_RETRIES 5 in 2.4, 6 since Linux 3.7 (127 s at a 1 s initial RTO). */
  readonly synRetries: number;
  /** tcp_synack_retries: TCP_SYNACK_RETRIES, 5 in both. */
  readonly synAckRetries: number;
  /** Default congestion control: 2.4 has only NewReno; CUBIC is the default since 2.6.19. */
  readonly congestion: CongestionName;
  /**
   * When cwnd may grow: `linux` counts the packets each ACK delivers (RFC 3465 style) and
   * grows while tcp_is_cwnd_limited; `linux-2.4` adds one segment per ACK and grows only
   * when the flight filled cwnd before the ACK (tcp_ack: prior_in_flight >= snd_cwnd).
   */
  readonly growth: 'linux' | 'linux-2.4';
  /** cwnd reduction in Recovery and CWR: PRR (RFC 6937, Linux 3.2) or 2.4's tcp_cwnd_down. */
  readonly reduction: 'prr' | 'rate-halving';
  /** Loss marking with SACK: RFC 6675's rule, or 2.4's FACK (sysctl_tcp_fack = 1). */
  readonly lossMarking: 'sack' | 'fack';
  /** RFC 5961 §3–4 challenge ACKs for RST / SYN (Linux 3.6); 2.4 resets on any in-window RST or SYN. */
  readonly challengeAcks: boolean;
  /**
   * Per-socket rate limit on challenge ACKs and out-of-window dupACKs (RFC 5961 §7; Linux
   * tcp_oow_rate_limited with tcp_invalid_ratelimit = 500 ms), or 0 for none.
   */
  readonly invalidAckInterval: Nanoseconds;
  /**
   * RFC 7323 §4.3: TS.Recent is updated only from a segment whose ACK was accepted (Linux
   * tcp_ack FLAG_UPDATE_TS_RECENT); 2.4 updated it before looking at the ACK.
   */
  readonly tsRecentAfterAck: boolean;
  /**
   * TCP Small Queues' cap on a socket's bytes below TCP (tcp_limit_output_bytes), or 0 for
   * none: 262,144 since Linux 4.2 (commit c39c4c6, "tcp: double default TSQ output bytes
   * limit", 2015; 131,072 when TSQ came in 3.6); 2.4 has no TSQ (small-queues.ts).
   */
  readonly limitOutputBytes: number;
}

const LINUX: ProfileRules = {
  initialWindow: 10,
  initialRto: seconds(1),
  synRetries: 6,
  synAckRetries: 5,
  congestion: 'cubic',
  growth: 'linux',
  reduction: 'prr',
  lossMarking: 'sack',
  challengeAcks: true,
  invalidAckInterval: ms(500),
  tsRecentAfterAck: true,
  limitOutputBytes: 262_144,
};

const LINUX_24: ProfileRules = {
  initialWindow: 2,
  initialRto: seconds(3),
  synRetries: 5,
  synAckRetries: 5,
  congestion: 'newreno',
  growth: 'linux-2.4',
  reduction: 'rate-halving',
  lossMarking: 'fack',
  challengeAcks: false,
  invalidAckInterval: 0,
  tsRecentAfterAck: false,
  limitOutputBytes: 0,
};

export function profileRules(profile: TcpProfile): ProfileRules {
  switch (profile) {
    case 'linux-2.4':
      return LINUX_24;
    case 'linux':
      return LINUX;
  }
}

/** Initial window in segments (kept for callers that ask only this). */
export function initialWindowSegments(profile: TcpProfile): number {
  return profileRules(profile).initialWindow;
}

/** The congestion control a config runs: its own choice or the profile's default. */
export function congestionOf(config: TcpConfig): CongestionName {
  return config.congestion ?? profileRules(config.profile).congestion;
}

/** RFC 9293 §3.7.1: MSS assumed when a SYN carries no MSS option. */
export const DEFAULT_MSS = 536;
/** Linux tcp_bound_to_half_wnd never cuts a segment below 68 bytes of TCP header and data. */
export const MIN_SEGMENT_HEADER_BYTES = 68;
/** IPv4 (20) + TCP (20) headers without options, subtracted from the MTU for the MSS. */
export const IP_TCP_HEADERS = 40;
/** Bare TCP header. */
export const TCP_HEADER_BYTES = 20;
/** NOP NOP + timestamps option on every segment once negotiated (RFC 7323). */
export const TIMESTAMP_OPTION_BYTES = 12;
/** RFC 7323 §2.3: the largest window shift. */
export const MAX_WINDOW_SHIFT = 14;
/** Linux TCP_MIN_RCVMSS: the receiver's first guess of the peer's segment size. */
export const MIN_RCV_MSS = 536;
/** Linux TCP_MIN_MSS (88): a segment at least this big without PSH counts as full-sized. */
export const MIN_MSS = 88;
/** Linux TCP_INFINITE_SSTHRESH, in segments. */
export const INFINITE_SSTHRESH = 0x7fff_ffff;
/** sysctl_tcp_reordering (TCP_FASTRETRANS_THRESH): RFC 5681's DupThresh. */
export const DUP_THRESH = 3;

/** Linux's TCP_RTO_MIN, used as the floor on the variance term (DESIGN.md §4). */
export const RTO_MIN: Nanoseconds = ms(200);
/** Linux's TCP_RTO_MAX; RFC 6298 §2.5 allows any cap ≥ 60 s. */
export const RTO_MAX: Nanoseconds = seconds(120);
/** Linux's TCP_DELACK_MIN / TCP_ATO_MIN (HZ/25). */
export const DELAYED_ACK: Nanoseconds = ms(40);
/** Linux's TCP_TIMEWAIT_LEN. */
export const TIME_WAIT: Nanoseconds = seconds(60);
/** Linux tcp_retries2. */
export const DATA_RETRIES = 15;
/** Linux TCP_MAX_QUICKACKS. */
export const MAX_QUICKACKS = 16;
/** Linux's ephemeral port range (ip_local_port_range). */
export const EPHEMERAL_FIRST = 32768;
export const EPHEMERAL_LAST = 60999;
