/**
 * What a time-series chart reads. The chart redraws only when `version` changes, so a
 * source bumps it on every push and on clear; `read()` may reuse its arrays between calls
 * (the chart never keeps them past one draw).
 */
export interface SeriesColumn {
  /** Stable key: legend toggles and React keys use it. */
  id: string;
  label: string;
  /** The unit of this column's values, e.g. 'Mbit/s'; fractions drawn as % use '%'. */
  unit: string;
  color: string;
  /** Canvas line dash, e.g. [4, 3] for a receive direction drawn next to a solid transmit. */
  dash?: readonly number[];
}

export interface SeriesWindow {
  /** Simulated seconds, ascending; only the first `length` entries are valid. */
  t: Float64Array;
  /** One array per column, same order as `columns`; NaN means "no value" (a gap). */
  values: readonly Float64Array[];
  length: number;
}

export interface SeriesSource {
  readonly version: number;
  readonly columns: readonly SeriesColumn[];
  read(): SeriesWindow;
}
