import type { StateCreator } from 'zustand';
import type { LabState } from './store-types.ts';

/** The page's views (DESIGN.md §9 header: the lab, compare, sweep, walkthroughs). */
export const VIEWS = ['lab', 'compare', 'sweep', 'stories', 'model'] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_TITLES: Record<View, string> = {
  lab: 'Lab',
  compare: 'Compare',
  sweep: 'Sweep',
  stories: 'Walkthroughs',
  model: 'Model',
};

/** Which view is on screen. The lab's own session pauses while another view runs its own. */
export interface NavSlice {
  view: View;
  setView(view: View): void;
  /** The cost parameter the Model view scrolls to and marks (a chart's info link), or null. */
  modelFocus: string | null;
  /** Opens the Model view at one parameter. */
  showParameter(key: string): void;
  /** What could not be used of the link the page was opened with, one message per field. */
  linkProblems: readonly string[];
  dismissLinkProblems(): void;
  /** Why the last imported file was not used: the file's name and one line per problem. */
  importProblem: { file: string; messages: readonly string[] } | null;
  setImportProblem(problem: { file: string; messages: readonly string[] } | null): void;
}

export const createNavSlice: StateCreator<LabState, [], [], NavSlice> = (set, get) => ({
  view: 'lab',
  modelFocus: null,
  showParameter(key) {
    get().pause();
    set({ view: 'model', modelFocus: key });
  },
  linkProblems: [],
  dismissLinkProblems() {
    set({ linkProblems: [] });
  },
  importProblem: null,
  setImportProblem(problem) {
    set({ importProblem: problem });
  },
  setView(view) {
    if (view === get().view) return;
    // Compare and sweep run simulations of their own; the lab's would only compete for cores.
    if (view === 'compare' || view === 'sweep') get().pause();
    set({ view });
  },
});
