import type { StateCreator } from 'zustand';
import type { LogEntry } from '../../protocol/messages.ts';
import type { LabState } from './store-types.ts';

/** The log keeps the newest entries only; a long run with loss logs many retransmits. */
export const MAX_LOG_ENTRIES = 500;

/** The event log (the EventLog panel filters it by kind, port and text). */
export interface LogSlice {
  log: readonly LogEntry[];
  logAppend(entries: readonly LogEntry[]): void;
  logClear(): void;
}

export const createLogSlice: StateCreator<LabState, [], [], LogSlice> = (set) => ({
  log: [],
  logAppend(entries) {
    set((s) => {
      const log = s.log.concat(entries);
      return { log: log.length > MAX_LOG_ENTRIES ? log.slice(-MAX_LOG_ENTRIES) : log };
    });
  },
  logClear() {
    set({ log: [] });
  },
});
