import type { StateCreator } from 'zustand';
import type { ArpSnapshot, ReferenceCopies, Verdict } from '../../protocol/messages.ts';
import type { LabState } from './store-types.ts';

/**
 * The low-rate figures of the running session (a few times a second): the bottleneck
 * verdict over the last 100 ms of simulated time, the ARP tables, and the host-stack
 * reference for the copy ledger. A new session clears them; the reference arrives when
 * the worker has measured it.
 */
export interface LiveSlice {
  verdict: Verdict | null;
  arp: ArpSnapshot | null;
  reference: ReferenceCopies | null;
  liveCleared(): void;
  verdictReceived(verdict: Verdict): void;
  arpReceived(tables: ArpSnapshot): void;
  referenceReceived(reference: ReferenceCopies): void;
}

export const createLiveSlice: StateCreator<LabState, [], [], LiveSlice> = (set) => ({
  verdict: null,
  arp: null,
  reference: null,
  liveCleared() {
    set({ verdict: null, arp: null, reference: null });
  },
  verdictReceived(verdict) {
    set({ verdict });
  },
  arpReceived(arp) {
    set({ arp });
  },
  referenceReceived(reference) {
    set({ reference });
  },
});
