import type { TcpStateName } from '../metrics/results.ts';
import type { TcpConnection } from './connection.ts';
import type { CaState } from './recovery.ts';

/** Linux's TCP_* state numbers (include/net/tcp_states.h), as tcpi_state reports them. */
const STATE_NUMBER: Record<TcpStateName, number> = {
  ESTABLISHED: 1,
  SYN_SENT: 2,
  SYN_RECEIVED: 3,
  FIN_WAIT_1: 4,
  FIN_WAIT_2: 5,
  TIME_WAIT: 6,
  CLOSED: 7,
  CLOSE_WAIT: 8,
  LAST_ACK: 9,
  LISTEN: 10,
  CLOSING: 11,
};

/** Linux's TCP_CA_* numbers, as tcpi_ca_state reports them. */
const CA_STATE_NUMBER: Record<CaState, number> = {
  open: 0,
  disorder: 1,
  cwr: 2,
  recovery: 3,
  loss: 4,
};

/**
 * The fields of Linux's struct tcp_info (getsockopt TCP_INFO) this TCP tracks, under
 * their Linux names and units: windows in segments, times in microseconds.
 */
export interface TcpInfo {
  tcpi_state: number;
  tcpi_ca_state: number;
  tcpi_snd_cwnd: number;
  tcpi_snd_ssthresh: number;
  tcpi_rto: number;
  tcpi_rtt: number;
  tcpi_rttvar: number;
  tcpi_backoff: number;
  tcpi_snd_mss: number;
  tcpi_rcv_mss: number;
  tcpi_unacked: number;
  tcpi_sacked: number;
  tcpi_lost: number;
  tcpi_retrans: number;
  tcpi_total_retrans: number;
  tcpi_snd_wnd: number;
  tcpi_rcv_wnd: number;
}

export const TCP_INFO_FIELDS: readonly (keyof TcpInfo)[] = [
  'tcpi_state',
  'tcpi_ca_state',
  'tcpi_snd_cwnd',
  'tcpi_snd_ssthresh',
  'tcpi_rto',
  'tcpi_rtt',
  'tcpi_rttvar',
  'tcpi_backoff',
  'tcpi_snd_mss',
  'tcpi_rcv_mss',
  'tcpi_unacked',
  'tcpi_sacked',
  'tcpi_lost',
  'tcpi_retrans',
  'tcpi_total_retrans',
  'tcpi_snd_wnd',
  'tcpi_rcv_wnd',
];

export function tcpInfoOf(c: TcpConnection): TcpInfo {
  const s = c.sender;
  const board = s.board;
  return {
    tcpi_state: STATE_NUMBER[c.state],
    tcpi_ca_state: CA_STATE_NUMBER[s.recovery.state],
    tcpi_snd_cwnd: s.window.cwnd,
    tcpi_snd_ssthresh: s.window.ssthresh,
    tcpi_rto: Math.round(s.rtt.rto / 1000),
    tcpi_rtt: Math.round(s.rtt.srtt / 1000),
    tcpi_rttvar: Math.round(s.rtt.rttvar / 1000),
    tcpi_backoff: s.rtt.backoffs,
    tcpi_snd_mss: s.sendMss(),
    tcpi_rcv_mss: c.receiver.rcvMss,
    tcpi_unacked: board.packetsOut,
    tcpi_sacked: board.sackedOut,
    tcpi_lost: board.lostOut,
    tcpi_retrans: board.retransOut,
    tcpi_total_retrans: c.stats.retransmits,
    tcpi_snd_wnd: s.sndWnd,
    tcpi_rcv_wnd: c.receiver.window,
  };
}
