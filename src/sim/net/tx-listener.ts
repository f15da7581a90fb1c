import type { EthernetFrame } from '../wire/types.ts';

/**
 * Who owns a frame's buffer while a device holds it (Linux's skb->sk): told when the device
 * takes the frame and when it frees it after sending (TX completion, skb destructor). TCP
 * Small Queues and UDP's send buffer count their bytes below the socket by it.
 */
export interface TxListener {
  queued(frame: EthernetFrame): void;
  freed(frame: EthernetFrame): void;
}
