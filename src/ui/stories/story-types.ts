import type { Speed } from '../../protocol/messages.ts';
import type { Architecture, ScenarioInput } from '../../protocol/scenario.ts';
import type { LabPanel } from '../layout/LabLayout.tsx';
import type { BindingName } from './bindings.ts';

/**
 * A walkthrough's text is a template: `{name}` stands for a live value (BINDINGS), shown
 * as "…" until the running simulation has measured it. A `When` chooses between two
 * templates by a live value, so a step can say "the CPU is the limit" only when it is.
 */
export type Template = string;

export interface When {
  when: BindingName;
  /** True when the binding's key is one of these (bottleneck ids, sync statuses). */
  is?: readonly string[];
  /** True when the binding's number is above this. */
  above?: number;
  then: Template;
  else?: Template;
}

/** One paragraph: a template, or templates and conditions run together. */
export type Paragraph = Template | readonly (Template | When)[];

/** A step may end with a button that hands over to another view. */
export interface CompareAction {
  kind: 'compare';
  label: string;
  architectures: Architecture[];
  baseline: Architecture;
}

export interface StoryStep {
  title: string;
  text: readonly Paragraph[];
  /** The scenario the lab runs for this step, as a new session from t = 0. */
  scenario: ScenarioInput;
  /** The lab panels to look at, highlighted; the first is scrolled into view. */
  panels: readonly LabPanel[];
  /**
   * The slowest speed the step plays at (a reader who chose a faster one keeps it):
   * 'max' for scenarios the worker cannot run in real time anyway.
   */
  speed: Speed;
  /**
   * Live values wait until this much simulated time has passed (slow start and the
   * first ARP exchange are not what the step is about). Default DEFAULT_SETTLE_MS.
   */
  settleMs?: number;
  action?: CompareAction;
}

export interface Story {
  /** kebab-case; the URL's `story=` */
  id: string;
  title: string;
  /** The question the story answers, in one line. */
  question: string;
  steps: readonly StoryStep[];
}

export const DEFAULT_SETTLE_MS = 100;
