import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { area, line, scaleLinear } from 'd3';
import type { ScaleLinear } from 'd3';
import { INK, axisUnitLabel, formatterForUnit, tickFormatForUnit } from '../theme.ts';
import {
  backingSize,
  latestValues,
  MARGIN,
  stackColumns,
  timeDomain,
  valueCeiling,
} from './chart-layout.ts';
import { useFrameScheduler } from './frame-scheduler.ts';
import type { FrameScheduler } from './frame-scheduler.ts';
import { windowBounds } from './ring-buffer.ts';
import type { SeriesColumn, SeriesSource, SeriesWindow } from './series-source.ts';
import './charts.css';

export interface ReferenceLine {
  value: number;
  /** Drawn beside the line, e.g. "wire rate 941.5 Mbit/s". */
  label: string;
  color?: string;
}

export interface TimeSeriesChartProps {
  title: string;
  /** Unit of the values (all columns share the axis); '%' means values are fractions 0–1. */
  unit: string;
  source: SeriesSource;
  /** The page's one animation-frame scheduler; defaults to the context's. */
  scheduler?: FrameScheduler;
  /** Show only the last N simulated seconds (scrolling); all data when omitted. */
  windowSeconds?: number;
  /** Stacked areas (e.g. CPU time by category) instead of lines. */
  stacked?: boolean;
  references?: readonly ReferenceLine[];
  /** A fixed top of the y axis (e.g. 1 for '%'); otherwise fitted to the data. */
  yMax?: number;
  /** Plot height in CSS pixels (default 150); the width follows the container. */
  height?: number;
  /** Formats the latest values in the legend; defaults to the unit's formatter. */
  format?: (v: number | null | undefined) => string;
  /** Rendered at the right of the title row (e.g. a connection picker). */
  headerExtra?: ReactNode;
  /** Text shown in the plot when the source has no rows. */
  emptyText?: string;
}

interface DrawOptions {
  title: string;
  unit: string;
  windowSeconds: number | undefined;
  stacked: boolean;
  references: readonly ReferenceLine[];
  yMax: number | undefined;
  hidden: ReadonlySet<string>;
  format: (v: number | null | undefined) => string;
  emptyText: string;
}

const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const NO_REFERENCES: readonly ReferenceLine[] = [];
/** Legend values and the accessible name change at most this often (ms). */
const DESCRIBE_MS = 250;
/** New data is drawn at most this often (30 frames a second is smooth for a strip chart). */
const REDRAW_MS = 33;

/**
 * The one chart for every time series (DESIGN.md §9): canvas lines or stacked areas over
 * simulated seconds, a keyed legend whose entries toggle series, and the latest values as
 * text. It redraws only on the shared frame scheduler's tick and only when the source's
 * version, the size or an option changed; React renders the frame, never the data.
 */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const {
    title,
    unit,
    source,
    windowSeconds,
    stacked = false,
    references = NO_REFERENCES,
    yMax,
    height = 150,
    headerExtra,
    emptyText = 'no data yet',
  } = props;
  const scheduler = useFrameScheduler(props.scheduler);
  const format = props.format ?? formatterForUnit(unit);
  const titleId = useId();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());

  const canvasRef = useRef<HTMLCanvasElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const valueRefs = useRef(new Map<string, HTMLElement>());
  const options = useRef<DrawOptions | null>(null);
  const dirty = useRef(true);

  // Every render may change an option: hand them to the draw loop and ask for a redraw.
  useEffect(() => {
    options.current = {
      title,
      unit,
      windowSeconds,
      stacked,
      references,
      yMax,
      hidden,
      format,
      emptyText,
    };
    dirty.current = true;
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    const plot = plotRef.current;
    if (!canvas || !plot) return;
    let cssWidth = plot.clientWidth;
    let drawnVersion = -1;
    const scratch = new ScratchArrays();
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box && box.width !== cssWidth) {
        cssWidth = box.width;
        dirty.current = true;
      }
    });
    observer.observe(plot);
    // Off-screen charts skip the canvas (their text still updates): with software
    // compositing every canvas repaint costs the whole frame.
    let visible = true;
    const intersection = new IntersectionObserver((entries) => {
      const now = entries[entries.length - 1]?.isIntersecting ?? true;
      if (now && !visible) dirty.current = true;
      visible = now;
    });
    intersection.observe(plot);
    let describedAt = -Infinity;
    let describePending = false;
    let drawnAt = -Infinity;
    const unsubscribe = scheduler.subscribe((now) => {
      const opts = options.current;
      if (!opts) return;
      const newData = source.version !== drawnVersion;
      if (newData && !visible) {
        drawnVersion = source.version;
        describePending = true;
      } else if (dirty.current || (newData && now - drawnAt >= REDRAW_MS)) {
        const optionsChanged = dirty.current;
        dirty.current = false;
        drawnVersion = source.version;
        drawnAt = now;
        draw(canvas, cssWidth, height, source.read(), source.columns, opts, scratch);
        describePending = true;
        // The legend's text is for reading: a few updates a second, so new text does not
        // lay the page out again on every frame.
        if (optionsChanged) describedAt = -Infinity;
      }
      if (describePending && now - describedAt >= DESCRIBE_MS) {
        describePending = false;
        describedAt = now;
        describe(canvas, plot, source.read(), source.columns, opts, valueRefs.current);
      }
    });
    return () => {
      unsubscribe();
      observer.disconnect();
      intersection.disconnect();
    };
  }, [source, scheduler, height]);

  const toggle = (id: string): void => {
    setHidden((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  return (
    <figure className="ts-chart" aria-labelledby={titleId}>
      <div className="ts-chart__head">
        <h3 className="ts-chart__title" id={titleId}>
          {title} <span className="ts-chart__unit">({axisUnitLabel(unit)})</span>
        </h3>
        {headerExtra}
      </div>
      <ul className="ts-chart__legend" aria-label={`${title}: series`}>
        {source.columns.map((c) => (
          <li key={c.id} className="ts-chart__legend-item">
            <button
              type="button"
              className="ts-chart__toggle"
              aria-pressed={!hidden.has(c.id)}
              title={hidden.has(c.id) ? `Show ${c.label}` : `Hide ${c.label}`}
              onClick={() => toggle(c.id)}
            >
              <Swatch column={c} stacked={stacked} />
              {c.label}
            </button>
            <output
              className="ts-chart__value"
              aria-label={`${c.label} latest`}
              ref={(el) => {
                if (el) valueRefs.current.set(c.id, el);
                else valueRefs.current.delete(c.id);
              }}
            />
          </li>
        ))}
      </ul>
      <div className="ts-chart__plot" ref={plotRef} style={{ height }}>
        <canvas ref={canvasRef} role="img" aria-label={`${title} (${unit}): no data yet`} />
      </div>
    </figure>
  );
}

function Swatch({ column, stacked }: { column: SeriesColumn; stacked: boolean }) {
  const dashed = column.dash !== undefined && column.dash.length > 0;
  return (
    <svg className="ts-chart__swatch" width="16" height="10" aria-hidden="true">
      {stacked ? (
        <rect x="1" y="1" width="14" height="8" fill={column.color} />
      ) : (
        <line
          x1="1"
          x2="15"
          y1="5"
          y2="5"
          stroke={column.color}
          strokeWidth="2"
          strokeDasharray={dashed ? column.dash?.join(' ') : undefined}
        />
      )}
    </svg>
  );
}

/** Grow-only scratch storage for index ranges and stack sums (no per-frame allocation). */
class ScratchArrays {
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

function draw(
  canvas: HTMLCanvasElement,
  cssWidth: number,
  cssHeight: number,
  data: SeriesWindow,
  columns: readonly SeriesColumn[],
  opts: DrawOptions,
  scratch: ScratchArrays,
): void {
  const dpr = window.devicePixelRatio || 1;
  const backing = backingSize(cssWidth, cssHeight, dpr);
  if (canvas.width !== backing.width) canvas.width = backing.width;
  if (canvas.height !== backing.height) canvas.height = backing.height;
  const widthStyle = `${cssWidth}px`;
  const heightStyle = `${cssHeight}px`;
  if (canvas.style.width !== widthStyle) canvas.style.width = widthStyle;
  if (canvas.style.height !== heightStyle) canvas.style.height = heightStyle;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  ctx.font = FONT;

  const [t0, t1] = timeDomain(data, opts.windowSeconds);
  const visible = columns.map((c) => !opts.hidden.has(c.id));
  const ceiling =
    opts.yMax ??
    valueCeiling(
      data,
      visible,
      opts.stacked,
      t0,
      t1,
      opts.references.map((r) => r.value),
      opts.unit === '%' ? 0.1 : 1e-9,
    );
  const left = MARGIN.left;
  const right = Math.max(left + 10, cssWidth - MARGIN.right);
  const top = MARGIN.top;
  const bottom = Math.max(top + 10, cssHeight - MARGIN.bottom);
  const x = scaleLinear().domain([t0, t1]).range([left, right]);
  const y = scaleLinear().domain([0, ceiling]).range([bottom, top]);
  if (opts.yMax === undefined) y.nice(4);

  drawAxes(ctx, x, y, opts.unit, left, right, top, bottom);

  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top - 1, right - left, bottom - top + 2);
  ctx.clip();
  const [lo, hi] = windowBounds(data.t, data.length, t0, t1);
  const idx = scratch.indices(data.length).subarray(lo, hi);
  const tx = (k: number): number => x(data.t[k] as number);
  if (opts.stacked) {
    const sums = scratch.stacks(columns.length, data.length);
    stackColumns(data, visible, sums);
    for (let c = columns.length - 1; c >= 0; c--) {
      if (!visible[c]) continue;
      const upper = sums[c] as Float64Array;
      const lower = c > 0 ? (sums[c - 1] as Float64Array) : null;
      ctx.beginPath();
      area<number>()
        .x(tx)
        .y0((k) => y(lower ? (lower[k] as number) : 0))
        .y1((k) => y(upper[k] as number))
        .context(ctx)(idx);
      ctx.fillStyle = (columns[c] as SeriesColumn).color;
      ctx.globalAlpha = 0.8;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
  } else {
    ctx.lineWidth = 1.5;
    ctx.lineJoin = 'round';
    columns.forEach((col, c) => {
      if (!visible[c]) return;
      const v = data.values[c] as Float64Array;
      ctx.beginPath();
      line<number>()
        .x(tx)
        .y((k) => y(v[k] as number))
        .defined((k) => Number.isFinite(v[k] as number))
        .context(ctx)(idx);
      ctx.strokeStyle = col.color;
      ctx.setLineDash(col.dash ? [...col.dash] : []);
      ctx.stroke();
    });
    ctx.setLineDash([]);
  }
  ctx.restore();
  drawReferences(ctx, y, opts.references, left, right, top);

  if (data.length === 0) {
    ctx.fillStyle = INK.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(opts.emptyText, (left + right) / 2, (top + bottom) / 2);
  }
}

function drawAxes(
  ctx: CanvasRenderingContext2D,
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
  unit: string,
  left: number,
  right: number,
  top: number,
  bottom: number,
): void {
  const yTicks = y.ticks(4);
  const yLabel = tickFormatForUnit(unit, y.tickFormat(4));
  ctx.lineWidth = 1;
  ctx.strokeStyle = INK.grid;
  ctx.fillStyle = INK.muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of yTicks) {
    const py = Math.round(y(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(left, py);
    ctx.lineTo(right, py);
    ctx.stroke();
    ctx.fillText(yLabel(v), left - 5, py);
  }
  const xCount = Math.max(2, Math.floor((right - left) / 70));
  const xTicks = x.ticks(xCount);
  const xLabel = x.tickFormat(xCount);
  ctx.strokeStyle = INK.axis;
  ctx.beginPath();
  ctx.moveTo(left, Math.round(bottom) + 0.5);
  ctx.lineTo(right, Math.round(bottom) + 0.5);
  ctx.moveTo(Math.round(left) + 0.5, top);
  ctx.lineTo(Math.round(left) + 0.5, bottom);
  ctx.stroke();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of xTicks) {
    const px = Math.round(x(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, bottom);
    ctx.lineTo(px, bottom + 4);
    ctx.stroke();
    ctx.fillText(`${xLabel(v)} s`, px, bottom + 6);
  }
}

function drawReferences(
  ctx: CanvasRenderingContext2D,
  y: ScaleLinear<number, number>,
  references: readonly ReferenceLine[],
  left: number,
  right: number,
  top: number,
): void {
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  for (const r of references) {
    if (!Number.isFinite(r.value)) continue;
    const py = Math.round(y(r.value)) + 0.5;
    if (py < top - 1 || py > y.range()[0] + 1) continue;
    const ink = r.color ?? INK.text;
    ctx.setLineDash([5, 4]);
    ctx.strokeStyle = ink;
    ctx.beginPath();
    ctx.moveTo(left, py);
    ctx.lineTo(right, py);
    ctx.stroke();
    ctx.setLineDash([]);
    // The label sits below the line when the line hugs the top, on a white plate so the
    // data under it cannot make it unreadable.
    const below = py - top < 14;
    const ty = below ? py + 3 : py - 3;
    ctx.textBaseline = below ? 'top' : 'bottom';
    const w = ctx.measureText(r.label).width;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.fillRect(right - w - 5, below ? ty - 1 : ty - 12, w + 4, 13);
    ctx.fillStyle = ink;
    ctx.fillText(r.label, right - 3, ty);
  }
}

/** Writes the latest values as legend text and into the canvas's accessible name. */
function describe(
  canvas: HTMLCanvasElement,
  plot: HTMLElement,
  data: SeriesWindow,
  columns: readonly SeriesColumn[],
  opts: DrawOptions,
  valueEls: ReadonlyMap<string, HTMLElement>,
): void {
  const latest = latestValues(data);
  const parts: string[] = [];
  columns.forEach((c, i) => {
    const text = opts.format(latest[i]);
    const el = valueEls.get(c.id);
    if (el && el.textContent !== text) el.textContent = text;
    parts.push(`${c.label} ${text}`);
  });
  const time = data.length > 0 ? `at ${(data.t[data.length - 1] as number).toFixed(3)} s` : '';
  const label =
    data.length === 0
      ? `${opts.title} (${opts.unit}): ${opts.emptyText}`
      : `${opts.title} (${opts.unit}) ${time}: ${parts.join('; ')}`;
  if (canvas.getAttribute('aria-label') !== label) canvas.setAttribute('aria-label', label);
  plot.dataset['empty'] = data.length === 0 ? 'true' : 'false';
}
