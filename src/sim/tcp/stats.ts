/**
 * Counters of one connection, each with a one-line definition (gVisor's tcpip.TCPStats
 * style). Plain numeric fields so the hot path increments without allocation.
 */
export class TcpStats {
  /** Segments handed to IP, of any kind (data, pure ACK, SYN, FIN, RST, probes). */
  segmentsSent = 0;
  /** Segments delivered to this connection by IP, acceptable or not. */
  segmentsReceived = 0;
  /** Segments sent carrying payload, retransmissions included. */
  dataSegmentsSent = 0;
  /** Payload bytes sent, retransmissions included. */
  bytesSent = 0;
  /** Segments sent whose sequence range had been sent before (SYN and FIN included). */
  retransmits = 0;
  /** Payload bytes in those retransmitted segments. */
  bytesRetransmitted = 0;
  /** Fast retransmits: entries into fast recovery (RFC 5681 §3.2 / RFC 6582). */
  fastRetransmits = 0;
  /** Retransmission-timer expiries while data, SYN or FIN was outstanding. */
  timeouts = 0;
  /** ACKs counted as duplicates under RFC 5681 §2. */
  dupAcksReceived = 0;
  /** Payload bytes newly acknowledged by the peer. */
  bytesAcked = 0;
  /** Payload bytes the application accepted into the send buffer. */
  bytesWritten = 0;
  /** Payload bytes received in order (placed in the receive queue). */
  bytesReceived = 0;
  /** Payload bytes handed to the application by read(). */
  bytesDelivered = 0;
  /** Payload bytes received that were already received (duplicates, overlap). */
  duplicateBytesReceived = 0;
  /** Data segments dropped because they lay beyond the receive window (socket buffer full). */
  segmentsBeyondWindow = 0;
  /** Segments that arrived ahead of a hole (out of order). */
  outOfOrderSegments = 0;
  /** Segments sent carrying no payload, no SYN/FIN/RST: pure ACKs and window updates. */
  acksSent = 0;
  /** ACKs sent by the delayed-ACK timer. */
  delayedAcksSent = 0;
  /** Zero-window (persist) probes sent. */
  windowProbes = 0;
  /** Window-update ACKs sent because read() opened the receive window. */
  windowUpdatesSent = 0;
  /** Challenge ACKs sent (RFC 5961). */
  challengeAcks = 0;
  /** ACKs not sent because of the per-connection rate limit (RFC 5961 §7). */
  acksRateLimited = 0;
  /** Connections reset by close() with unread data (RFC 2525 §2.17). */
  resetsOnClose = 0;
  /** RST segments sent. */
  resetsSent = 0;
  /** RST segments accepted (connection reset by peer). */
  resetsReceived = 0;
  /** RTT samples taken (Karn's rule excludes retransmitted segments). */
  rttSamples = 0;
  /** Segments the local device queue refused (qdisc full, NET_XMIT_DROP); not sent. */
  localDrops = 0;
  /** Entries into CWR after a local drop (Linux tcp_enter_cwr). */
  cwrEntries = 0;
  /** Path-MTU reductions applied. */
  pmtuReductions = 0;
}
