import type { Costs } from '../costs/cost-table.ts';
import { ETHERNET_OVERHEAD } from '../wire/types.ts';

/**
 * What Linux 2.4 charges a socket for a buffer: `skb->truesize`, the buffer's data rounded
 * up to the cache line (SKB_DATA_ALIGN) plus the sk_buff itself (alloc_skb). Socket send
 * and receive buffers, and the fragment queues' memory limit, count these bytes — not
 * payload — which is why a buffer of small datagrams fills long before its size in data.
 */
export function skbTruesize(dataBytes: number, c: Costs): number {
  return Math.ceil(dataBytes / c.skbAlignBytes) * c.skbAlignBytes + c.skbOverheadBytes;
}

/** e1000_change_mtu (Linux 2.4 e1000_main.c): the receive buffer for the largest frame. */
export function e1000RxBufferBytes(mtu: number): number {
  const maxFrame = mtu + ETHERNET_OVERHEAD;
  if (maxFrame <= 2048) return 2048;
  if (maxFrame <= 4096) return 4096;
  if (maxFrame <= 8192) return 8192;
  return 16384;
}

/** e1000_alloc_rx_buffers: dev_alloc_skb(rx_buffer_len + 2), whose 16 bytes of headroom count too. */
const RX_RESERVE = 2;
const DEV_ALLOC_HEADROOM = 16;

/** The truesize of every received frame's buffer, whatever the frame's length. */
export function rxBufferTruesize(mtu: number, c: Costs): number {
  return skbTruesize(e1000RxBufferBytes(mtu) + RX_RESERVE + DEV_ALLOC_HEADROOM, c);
}

/** ip_build_xmit(_slow): sock_alloc_send_skb(length + hh_len + 15), hh_len = (14 + 15) & ~15. */
const TX_HEADROOM = 16 + 15;

/** The truesize of the buffer one transmitted IP packet (or fragment) of `ipLength` bytes needs. */
export function txBufferTruesize(ipLength: number, c: Costs): number {
  return skbTruesize(ipLength + TX_HEADROOM, c);
}
