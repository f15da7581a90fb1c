/**
 * The UDP rows of the cost table (issue 14), spread into COST_TABLE. Where the TCP rows
 * charge one fitted figure per segment for "TCP + IP + device + driver", UDP splits the
 * same path into what runs once per datagram (udp_sendmsg / udp_rcv, and the system
 * call: one datagram per sendmsg or recvmsg) and what runs once per frame (IP and the
 * device), because a fragmented datagram pays the second part per fragment. None of the
 * per-packet figures below was measured on the reference host: they are estimates that
 * split the fitted TCP rows along the code path, and say so. Buffer sizes and limits come
 * from the Linux 2.4 sources (net/ipv4/udp.c, ip_output.c, ip_fragment.c,
 * include/linux/skbuff.h) and the e1000 driver.
 *
 * Published measurements this has to live with: Clark, Jacobson, Romkey and Salwen, "An
 * analysis of TCP processing overhead" (IEEE Comm. Mag., June 1989) — TCP's own per-packet
 * work is a few hundred instructions, most of the per-packet cost is buffers, the OS and the
 * driver, which UDP pays too; and a NetBSD UDP receive path measured from driver to user at
 * 34–45 µs for 32–96-byte datagrams on a 266 MHz Pentium II without checksums (≈ 9,000–
 * 12,000 cycles, wake-up included; University of Maryland NetCalliper,
 * www.cs.umd.edu/projects/netcalliper/sb/udpoverheads.html).
 */

const MAX_CYCLES = 1_000_000;
const CYCLES = { min: 0, max: MAX_CYCLES } as const;
const BYTES = { min: 1, max: 1 << 30, integer: true } as const;

/** Shared wording for the per-packet estimates. */
const SPLIT =
  'estimate: a share of the fitted TCP rows (txPerPacketCycles 5,000, rxPerPacketCycles 6,000) along the Linux 2.4 code path; TCP-specific work is the smaller part of a packet’s cost (Clark et al., IEEE Comm. Mag. 1989)';

export const UDP_COST_TABLE = {
  // ---- UDP: host CPU per datagram and per frame ------------------------------------
  udpTxDatagramCycles: {
    default: 1500,
    unit: 'cycles',
    basis: 'estimate',
    source: `${SPLIT}: udp_sendmsg and ip_build_xmit once per datagram (connected route, socket buffer allocation, IP header); the copy and the checksum are charged per byte`,
    description:
      'host work to send one UDP datagram, beyond the system call, the copy and its frames',
    ...CYCLES,
  },
  udpTxFrameCycles: {
    default: 2000,
    unit: 'cycles',
    basis: 'estimate',
    source: `${SPLIT}: dev_queue_xmit, the pfifo_fast qdisc and e1000_xmit_frame once per frame (descriptor set-up and the doorbell are charged apart)`,
    description: 'host work to hand one UDP frame (a datagram or a fragment) to the driver',
    ...CYCLES,
  },
  ipFragmentTxCycles: {
    default: 1000,
    unit: 'cycles',
    basis: 'estimate',
    source:
      'estimate: one more turn of ip_build_xmit_slow’s loop per fragment after the first (sock_alloc_send_skb, IP header and its checksum, NF_HOOK); Linux 2.4 net/ipv4/ip_output.c',
    description: 'host work per extra fragment of a datagram larger than the path MTU',
    ...CYCLES,
  },
  udpRxFrameCycles: {
    default: 3000,
    unit: 'cycles',
    basis: 'estimate',
    source: `${SPLIT}: e1000_clean_rx_irq’s per-frame work and a new receive buffer, netif_rx and the backlog, ip_rcv (descriptor handling is charged apart)`,
    description: 'host work per received UDP frame, up to the IP layer',
    ...CYCLES,
  },
  ipFragmentRxCycles: {
    default: 800,
    unit: 'cycles',
    basis: 'estimate',
    source:
      'estimate: ip_defrag per fragment — ip_find’s hash lookup and ip_frag_queue’s ordered insert (Linux 2.4 net/ipv4/ip_fragment.c)',
    description: 'host work to queue one received fragment for reassembly',
    ...CYCLES,
  },
  ipReassemblyCycles: {
    default: 1000,
    unit: 'cycles',
    basis: 'estimate',
    source:
      'estimate: ip_frag_reasm per datagram — it chains the fragments’ buffers (frag_list) and copies nothing (Linux 2.4 net/ipv4/ip_fragment.c)',
    description: 'host work to glue a complete datagram out of its fragments',
    ...CYCLES,
  },
  udpRxDatagramCycles: {
    default: 1500,
    unit: 'cycles',
    basis: 'estimate',
    source: `${SPLIT}: udp_rcv — socket lookup, checksum set-up (verified later, in the copy), sock_queue_rcv_skb and the reader’s wake-up`,
    description: 'host work to deliver one whole UDP datagram to its socket’s queue',
    ...CYCLES,
  },
  udpRecvmsgCycles: {
    default: 800,
    unit: 'cycles',
    basis: 'estimate',
    source:
      'estimate: udp_recvmsg beyond the system call and the copy — skb_recv_datagram, the source address, skb_free_datagram (Linux 2.4 net/ipv4/udp.c)',
    description: 'host work per datagram read, beyond the system call and the copy',
    ...CYCLES,
  },
  // ---- UDP: socket buffers, sk_buff sizes, reassembly limits ------------------------
  udpSendBufferBytes: {
    default: 65_535,
    unit: 'B',
    basis: 'verified',
    source:
      'Linux 2.4 include/linux/skbuff.h SK_WMEM_MAX 65535, the default net.core.wmem_default: a sender blocks once its buffers in flight reach it',
    description: 'UDP send buffer (SO_SNDBUF): socket buffers queued or on the ring, by truesize',
    ...BYTES,
  },
  udpRecvBufferBytes: {
    default: 65_535,
    unit: 'B',
    basis: 'verified',
    source:
      'Linux 2.4 include/linux/skbuff.h SK_RMEM_MAX 65535, the default net.core.rmem_default; sock_queue_rcv_skb drops a datagram whose truesize would reach it',
    description: 'UDP receive buffer (SO_RCVBUF): queued datagrams’ buffers, by truesize',
    ...BYTES,
  },
  skbOverheadBytes: {
    default: 164,
    unit: 'B',
    basis: 'derived',
    source:
      'derived: struct sk_buff in Linux 2.4.20 include/linux/skbuff.h counted for i386 with CONFIG_NETFILTER and CONFIG_NET_SCHED; alloc_skb sets truesize = data + sizeof(struct sk_buff)',
    description: 'bytes a socket buffer costs beyond its data (sizeof(struct sk_buff))',
    min: 0,
    max: 65_536,
    integer: true,
  },
  skbAlignBytes: {
    default: 128,
    unit: 'B',
    basis: 'verified',
    source:
      'Linux 2.4 arch/i386/config.in: CONFIG_MPENTIUM4 sets L1_CACHE_SHIFT 7; SKB_DATA_ALIGN rounds a buffer’s data to SMP_CACHE_BYTES',
    description: 'socket buffer data is rounded up to this (the Pentium 4 cache line)',
    ...BYTES,
  },
  ipfragHighThreshBytes: {
    default: 262_144,
    unit: 'B',
    basis: 'verified',
    source: 'Linux 2.4 net/ipv4/ip_fragment.c: sysctl_ipfrag_high_thresh = 256*1024',
    description: 'fragment memory above which the evictor drops whole queues, oldest first',
    ...BYTES,
  },
  ipfragLowThreshBytes: {
    default: 196_608,
    unit: 'B',
    basis: 'verified',
    source: 'Linux 2.4 net/ipv4/ip_fragment.c: sysctl_ipfrag_low_thresh = 192*1024',
    description: 'the evictor stops once fragment memory is back at or under this',
    ...BYTES,
  },
  ipfragTimeMs: {
    default: 30_000,
    unit: 'ms',
    basis: 'verified',
    source:
      'Linux include/net/ip.h IP_FRAG_TIME (30 * HZ), the default net.ipv4.ipfrag_time; the timer starts with the first fragment and is never extended',
    description: 'how long an incomplete datagram’s fragments wait before they are dropped',
    min: 1,
    max: 3_600_000,
  },
} as const;
