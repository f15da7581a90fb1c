import type { StateCreator } from 'zustand';
import type { LabState } from './store-types.ts';

/** What the user picked to look at closely. */
export interface SelectionSlice {
  /** The connection (flow id) whose windows are drawn. */
  connection: number;
  selectConnection(id: number): void;
}

export const createSelectionSlice: StateCreator<LabState, [], [], SelectionSlice> = (set) => ({
  connection: 0,
  selectConnection(id) {
    set({ connection: id });
  },
});
