import { TcpFlag } from '../wire/types.ts';
import type { TcpConnection } from './connection.ts';

const { SYN, ACK } = TcpFlag;
const EMPTY = new Uint8Array(0);

/**
 * The SYN (or SYN-ACK) went unanswered for an RTO: send it again and back the timer off
 * (RFC 6298 §5.5, from the profile's initial RTO; Karn's rule: no RTT sample from it).
 * The caller counts the retries against tcp_syn_retries / tcp_synack_retries.
 */
export function retransmitSyn(c: TcpConnection): void {
  const s = c.sender;
  s.rtt.backoff();
  s.forgetRttSample();
  c.stats.timeouts++;
  c.stats.retransmits++;
  c.emit(c.state === 'SYN_SENT' ? SYN : SYN | ACK, 0, EMPTY);
  c.timers.arm('retransmit', c.scheduler.now + s.rtt.rto);
}
