import type { ToWorker } from '../../protocol/messages.ts';
import type { HealthSlice } from './health-slice.ts';
import type { LiveSlice } from './live-slice.ts';
import type { LogSlice } from './log-slice.ts';
import type { NavSlice } from './nav-slice.ts';
import type { CompareSlice } from '../compare/compare-slice.ts';
import type { StorySlice } from '../stories/story-slice.ts';
import type { SweepSlice } from '../sweep/sweep-slice.ts';
import type { RunSlice } from './run-slice.ts';
import type { ScenarioSlice } from './scenario-slice.ts';
import type { SelectionSlice } from './selection-slice.ts';

/** The one store, made of slices (STYLE.md: tldraw/zustand anchor; no god store). */
export type LabState = ScenarioSlice &
  RunSlice &
  HealthSlice &
  LogSlice &
  SelectionSlice &
  LiveSlice &
  NavSlice &
  CompareSlice &
  SweepSlice &
  StorySlice;

/** What slices may do besides setting state: talk to the worker. */
export interface LabDeps {
  send(msg: ToWorker): void;
  /** Starts a new worker (closing any old one) and loads the current scenario into it. */
  connect(): void;
}
