import { ChartInfo } from '../model/ChartInfo.tsx';
import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { axisUnitLabel, formatterForUnit } from '../theme.ts';
import { fileStem } from '../export/download.ts';
import { drawChart } from './canvas-chart.ts';
import { latestValues } from './chart-layout.ts';
import { ScratchArrays } from './chart-geometry.ts';
import type { PlotSpec, ReferenceLine } from './chart-geometry.ts';
import { ExportButtons } from './ExportButtons.tsx';
import { useFrameScheduler } from './frame-scheduler.ts';
import type { FrameScheduler } from './frame-scheduler.ts';
import type { SeriesColumn, SeriesSource, SeriesWindow } from './series-source.ts';
import { timeSeriesSvg } from './svg-chart.ts';
import './charts.css';

export type { ReferenceLine } from './chart-geometry.ts';

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
  /** The chart's id in the model card (its info button lists the parameters it depends on). */
  info?: string;
  /** Text shown in the plot when the source has no rows. */
  emptyText?: string;
}

interface DrawOptions extends PlotSpec {
  title: string;
  format: (v: number | null | undefined) => string;
  emptyText: string;
}

const NO_REFERENCES: readonly ReferenceLine[] = [];
/** Legend values and the accessible name change at most this often (ms). */
const DESCRIBE_MS = 250;
/** New data is drawn at most this often (30 frames a second is smooth for a strip chart). */
const REDRAW_MS = 33;
/**
 * Off-screen, at most this often: cheap, and whatever shows the page without scrolling it
 * (a full-page screenshot, print) never finds a chart seconds behind the others (issue 12).
 */
const OFFSCREEN_REDRAW_MS = 1000;

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
    info,
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
    // Off-screen charts draw once a second (their text still updates): with software
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
      const every = visible ? REDRAW_MS : OFFSCREEN_REDRAW_MS;
      if (newData && now - drawnAt < every && !dirty.current) {
        describePending = true;
      } else if (dirty.current || newData) {
        const optionsChanged = dirty.current;
        dirty.current = false;
        drawnVersion = source.version;
        drawnAt = now;
        drawChart(
          canvas,
          cssWidth,
          height,
          source.read(),
          source.columns,
          opts,
          opts.emptyText,
          scratch,
        );
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

  // Export reads the chart's current options and data on click only; nothing per frame.
  const buildSvg = () => {
    const opts = options.current;
    const plot = plotRef.current;
    if (!opts || !plot) return null;
    return timeSeriesSvg({
      title,
      unit,
      columns: source.columns,
      data: source.read(),
      spec: opts,
      plotWidth: plot.getBoundingClientRect().width,
      plotHeight: height,
      format: opts.format,
      emptyText: opts.emptyText,
    });
  };

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
        <div className="ts-chart__tools">
          {headerExtra}
          {info !== undefined && <ChartInfo chart={info} title={title} />}
          <ExportButtons name={title} stem={fileStem(title)} build={buildSvg} />
        </div>
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
