import { area, line, scaleLinear } from 'd3';
import type { Area, Line, ScaleLinear } from 'd3';
import { INK, tickFormatForUnit } from '../theme.ts';
import { MARGIN, stackColumns, timeDomain, valueCeiling, valueFloor } from './chart-layout.ts';
import { windowBounds } from './ring-buffer.ts';
import type { SeriesColumn, SeriesWindow } from './series-source.ts';

/**
 * Where a time-series chart puts things, computed once for both renderers: the canvas
 * draws these shapes every frame, the SVG export writes the same shapes as text, so what
 * is saved is what was on the screen. No DOM here (the SVG builder runs in Node tests).
 */

export interface ReferenceLine {
  value: number;
  /** Drawn beside the line, e.g. "wire rate 941.5 Mbit/s". */
  label: string;
  color?: string;
}

/** What decides the picture besides the data and the size. */
export interface PlotSpec {
  unit: string;
  windowSeconds: number | undefined;
  stacked: boolean;
  references: readonly ReferenceLine[];
  yMax: number | undefined;
  hidden: ReadonlySet<string>;
}

export interface PlotFrame {
  /** The plot rectangle inside the chart's box (CSS pixels). */
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** Simulated seconds → x, value → y (fractions for '%'). */
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** Per column: drawn (not toggled off in the legend). */
  visible: boolean[];
  /** Rows inside the x domain, [lo, hi). */
  lo: number;
  hi: number;
}

/**
 * The least top the y axis gets while every value is 0: 10 % for fractions, 1 for a rate
 * (Mbit/s, datagrams/s), so an idle chart reads 0–1 rather than 0–0.000001.
 */
function minimumCeiling(unit: string): number {
  if (unit === '%') return 0.1;
  // Whole bytes and rates: an axis of nothing still reads 0 … 1, not 0, 0, 0.
  return unit.endsWith('/s') || unit === 'B' || unit === 'bytes' ? 1 : 1e-9;
}

export function plotFrame(
  data: SeriesWindow,
  columns: readonly SeriesColumn[],
  spec: PlotSpec,
  width: number,
  height: number,
): PlotFrame {
  const [t0, t1] = timeDomain(data, spec.windowSeconds);
  const visible = columns.map((c) => !spec.hidden.has(c.id));
  const ceiling =
    spec.yMax ??
    valueCeiling(
      data,
      visible,
      spec.stacked,
      t0,
      t1,
      spec.references.map((r) => r.value),
      minimumCeiling(spec.unit),
    );
  const floor = valueFloor(
    data,
    visible,
    spec.stacked,
    t0,
    t1,
    spec.references.map((r) => r.value),
  );
  const left = MARGIN.left;
  const right = Math.max(left + 10, width - MARGIN.right);
  const top = MARGIN.top;
  const bottom = Math.max(top + 10, height - MARGIN.bottom);
  const x = scaleLinear().domain([t0, t1]).range([left, right]);
  const y = scaleLinear().domain([floor, ceiling]).range([bottom, top]);
  if (spec.yMax === undefined) y.nice(4);
  const [lo, hi] = windowBounds(data.t, data.length, t0, t1);
  return { left, right, top, bottom, x, y, visible, lo, hi };
}

/** Grow-only scratch storage for index ranges and stack sums (no per-frame allocation). */
export class ScratchArrays {
  private idx = new Uint32Array(0);
  private stack: Float64Array[] = [];

  indices(length: number): Uint32Array {
    if (this.idx.length < length) {
      this.idx = new Uint32Array(Math.max(length, this.idx.length * 2));
      for (let i = 0; i < this.idx.length; i++) this.idx[i] = i;
    }
    return this.idx;
  }

  stacks(columns: number, length: number): Float64Array[] {
    if (this.stack.length !== columns || (this.stack[0]?.length ?? 0) < length) {
      const size = Math.max(length, (this.stack[0]?.length ?? 0) * 2, 16);
      this.stack = Array.from({ length: columns }, () => new Float64Array(size));
    }
    return this.stack;
  }
}

/**
 * One series as d3 draws it: `generator.context(ctx)(rows)` paints it on a canvas,
 * `generator.context(null)(rows)` returns the same outline as SVG path data.
 */
export type SeriesShape =
  | { kind: 'line'; column: SeriesColumn; generator: Line<number> }
  | { kind: 'area'; column: SeriesColumn; generator: Area<number> };

/**
 * The visible series in drawing order, and the row indices they read. Stacked charts
 * draw bands from the top category down; line charts draw in column order. Rows are
 * indices into `data` so the generators read the typed arrays in place.
 */
export function seriesShapes(
  frame: PlotFrame,
  data: SeriesWindow,
  columns: readonly SeriesColumn[],
  stacked: boolean,
  scratch: ScratchArrays,
): { rows: Uint32Array; shapes: SeriesShape[] } {
  const rows = scratch.indices(data.length).subarray(frame.lo, frame.hi);
  const { x, y, visible } = frame;
  const tx = (k: number): number => x(data.t[k] as number);
  const shapes: SeriesShape[] = [];
  if (stacked) {
    const sums = scratch.stacks(columns.length, data.length);
    stackColumns(data, visible, sums);
    for (let c = columns.length - 1; c >= 0; c--) {
      if (!visible[c]) continue;
      const upper = sums[c] as Float64Array;
      const lower = c > 0 ? (sums[c - 1] as Float64Array) : null;
      const generator = area<number>()
        .x(tx)
        .y0((k) => y(lower ? (lower[k] as number) : 0))
        .y1((k) => y(upper[k] as number));
      shapes.push({ kind: 'area', column: columns[c] as SeriesColumn, generator });
    }
  } else {
    columns.forEach((column, c) => {
      if (!visible[c]) return;
      const v = data.values[c] as Float64Array;
      const generator = line<number>()
        .x(tx)
        .y((k) => y(v[k] as number))
        .defined((k) => Number.isFinite(v[k] as number));
      shapes.push({ kind: 'line', column, generator });
    });
  }
  return { rows, shapes };
}

/** Stacked bands are drawn translucent so the grid shows through. */
export const AREA_OPACITY = 0.8;
export const LINE_WIDTH = 1.5;

export interface Tick {
  value: number;
  /** Pixel position, snapped to the middle of a device pixel for crisp 1 px lines. */
  at: number;
  label: string;
}

/** Horizontal grid lines and their labels (no unit: the title carries it). */
export function yTicks(frame: PlotFrame, unit: string): Tick[] {
  const label = tickFormatForUnit(unit, frame.y.tickFormat(4));
  return frame.y.ticks(4).map((value) => ({
    value,
    at: Math.round(frame.y(value)) + 0.5,
    label: label(value),
  }));
}

/** Time ticks in simulated seconds, about one per 70 px. */
export function xTicks(frame: PlotFrame): Tick[] {
  const count = Math.max(2, Math.floor((frame.right - frame.left) / 70));
  const label = frame.x.tickFormat(count);
  return frame.x.ticks(count).map((value) => ({
    value,
    at: Math.round(frame.x(value)) + 0.5,
    label: `${label(value)} s`,
  }));
}

export interface ReferenceMark {
  at: number;
  label: string;
  color: string;
  /** The label goes below the line when the line hugs the top of the plot. */
  below: boolean;
}

/** Reference lines inside the plot (others are dropped, not clamped: a clamped line lies). */
export function referenceMarks(
  frame: PlotFrame,
  references: readonly ReferenceLine[],
): ReferenceMark[] {
  const marks: ReferenceMark[] = [];
  for (const r of references) {
    if (!Number.isFinite(r.value)) continue;
    const at = Math.round(frame.y(r.value)) + 0.5;
    if (at < frame.top - 1 || at > frame.bottom + 1) continue;
    marks.push({ at, label: r.label, color: r.color ?? INK.text, below: at - frame.top < 14 });
  }
  return marks;
}

/** The dash of reference lines, [dash, gap] in CSS pixels. */
export const REFERENCE_DASH = [5, 4] as const;
