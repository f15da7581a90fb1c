import { axisUnitLabel, INK } from '../theme.ts';
import { latestValues } from './chart-layout.ts';
import {
  AREA_OPACITY,
  LINE_WIDTH,
  plotFrame,
  referenceMarks,
  REFERENCE_DASH,
  ScratchArrays,
  seriesShapes,
  xTicks,
  yTicks,
} from './chart-geometry.ts';
import type { PlotFrame, PlotSpec } from './chart-geometry.ts';
import type { SeriesColumn, SeriesWindow } from './series-source.ts';
import {
  dashAttr,
  escapeXml,
  EXPORT_PAD,
  legendMarkup,
  num,
  svgDocument,
  titleMarkup,
} from './svg-markup.ts';
import type { LegendItem, SvgDocument } from './svg-markup.ts';

export interface TimeSeriesSvgInput {
  title: string;
  unit: string;
  columns: readonly SeriesColumn[];
  data: SeriesWindow;
  spec: PlotSpec;
  /** The plot's size on screen (CSS px); the file adds EXPORT_PAD each side, title and legend. */
  plotWidth: number;
  plotHeight: number;
  /** Formats the legend's latest values (the chart's formatter). */
  format: (v: number | null | undefined) => string;
  emptyText: string;
}

const TITLE_BASELINE = 18;
const LEGEND_TOP = 34;
/** Room above the plot for the y axis's unit. */
const UNIT_ROOM = 14;
const BOTTOM_PAD = 8;

/**
 * A time-series chart as a standalone SVG file: title, legend with the latest values,
 * then the plot with the same scales, series shapes, ticks and reference lines the canvas
 * drew (chart-geometry.ts), the series as <path>s clipped to the plot.
 */
export function timeSeriesSvg(input: TimeSeriesSvgInput): SvgDocument {
  const { title, unit, columns, data, spec, plotHeight } = input;
  const plotWidth = Math.max(60, input.plotWidth);
  const width = plotWidth + 2 * EXPORT_PAD;
  const latest = latestValues(data);
  const items: LegendItem[] = columns.map((c, i) => ({
    label: c.label,
    color: c.color,
    swatch: spec.stacked ? 'box' : 'line',
    ...(c.dash ? { dash: c.dash } : {}),
    value: input.format(latest[i]),
    off: spec.hidden.has(c.id),
  }));
  const legend = legendMarkup(items, EXPORT_PAD, LEGEND_TOP, plotWidth);
  const plotTop = LEGEND_TOP - 8 + legend.height + UNIT_ROOM;
  const frame = plotFrame(data, columns, spec, plotWidth, plotHeight);
  const body = [
    titleMarkup(title, `(${axisUnitLabel(unit)})`, EXPORT_PAD, TITLE_BASELINE),
    legend.markup,
    `<g class="plot" transform="translate(${EXPORT_PAD},${num(plotTop)})">`,
    axesMarkup(frame, unit),
    seriesMarkup(frame, data, columns, spec.stacked),
    referencesMarkup(frame, spec),
    data.length === 0
      ? `<text x="${num((frame.left + frame.right) / 2)}" y="${num((frame.top + frame.bottom) / 2)}" text-anchor="middle" dominant-baseline="central" fill="${INK.muted}">${escapeXml(input.emptyText)}</text>`
      : '',
    '</g>',
  ];
  const [t0, t1] = frame.x.domain() as [number, number];
  const values = columns.map((c, i) => `${c.label} ${input.format(latest[i])}`).join('; ');
  return svgDocument({
    width,
    height: plotTop + plotHeight + BOTTOM_PAD,
    title: `${title} (${axisUnitLabel(unit)})`,
    description: `Simulated time ${num(t0)}–${num(t1)} s. Latest: ${values}. Exported from Offload Lab.`,
    body: body.filter((s) => s !== '').join('\n'),
  });
}

function axesMarkup(frame: PlotFrame, unit: string): string {
  const { left, right, top, bottom } = frame;
  const ys = yTicks(frame, unit);
  const xs = xTicks(frame);
  const bx = Math.round(bottom) + 0.5;
  const lx = Math.round(left) + 0.5;
  return [
    `<g class="grid" stroke="${INK.grid}" stroke-width="1">`,
    ...ys.map(
      (t) => `<line x1="${num(left)}" x2="${num(right)}" y1="${num(t.at)}" y2="${num(t.at)}"/>`,
    ),
    '</g>',
    `<g class="y-axis" fill="${INK.muted}" text-anchor="end">`,
    ...ys.map(
      (t) =>
        `<text x="${num(left - 5)}" y="${num(t.at)}" dominant-baseline="central">${escapeXml(t.label)}</text>`,
    ),
    `<text class="unit" x="${num(left - 5)}" y="${num(top - 6)}">${escapeXml(axisUnitLabel(unit))}</text>`,
    '</g>',
    `<g class="x-axis" stroke="${INK.axis}" stroke-width="1" fill="none">`,
    `<path d="M${num(left)},${num(bx)}H${num(right)}M${num(lx)},${num(top)}V${num(bottom)}"/>`,
    ...xs.map(
      (t) =>
        `<line x1="${num(t.at)}" x2="${num(t.at)}" y1="${num(bottom)}" y2="${num(bottom + 4)}"/>`,
    ),
    '</g>',
    `<g class="x-labels" fill="${INK.muted}" text-anchor="middle">`,
    ...xs.map(
      (t) =>
        `<text x="${num(t.at)}" y="${num(bottom + 6)}" dominant-baseline="hanging">${escapeXml(t.label)}</text>`,
    ),
    '</g>',
  ].join('\n');
}

function seriesMarkup(
  frame: PlotFrame,
  data: SeriesWindow,
  columns: readonly SeriesColumn[],
  stacked: boolean,
): string {
  const { left, right, top, bottom } = frame;
  const { rows, shapes } = seriesShapes(frame, data, columns, stacked, new ScratchArrays());
  const paths: string[] = [];
  for (const shape of shapes) {
    const d = shape.generator.digits(2).context(null)(rows);
    if (!d) continue;
    const id = escapeXml(shape.column.id);
    const color = escapeXml(shape.column.color);
    paths.push(
      shape.kind === 'area'
        ? `<path class="series" data-series="${id}" d="${d}" fill="${color}" fill-opacity="${AREA_OPACITY}" stroke="none"/>`
        : `<path class="series" data-series="${id}" d="${d}" fill="none" stroke="${color}" stroke-width="${LINE_WIDTH}" stroke-linejoin="round"${dashAttr(shape.column.dash)}/>`,
    );
  }
  // The canvas clips to the plot (1 px slack so lines on the axis stay whole).
  return [
    `<clipPath id="plot-area"><rect x="${num(left)}" y="${num(top - 1)}" width="${num(right - left)}" height="${num(bottom - top + 2)}"/></clipPath>`,
    `<g class="series-group" clip-path="url(#plot-area)">`,
    ...paths,
    '</g>',
  ].join('\n');
}

function referencesMarkup(frame: PlotFrame, spec: PlotSpec): string {
  return referenceMarks(frame, spec.references)
    .map((m) => {
      const ty = m.below ? m.at + 3 : m.at - 3;
      const color = escapeXml(m.color);
      // A white halo instead of the canvas's measured plate: same legibility, no text metrics.
      return (
        `<g class="reference">` +
        `<line x1="${num(frame.left)}" x2="${num(frame.right)}" y1="${num(m.at)}" y2="${num(m.at)}" stroke="${color}" stroke-width="1"${dashAttr(REFERENCE_DASH)}/>` +
        `<text x="${num(frame.right - 3)}" y="${num(ty)}" text-anchor="end" dominant-baseline="${m.below ? 'hanging' : 'auto'}" fill="${color}" stroke="#ffffff" stroke-opacity="0.85" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${escapeXml(m.label)}</text>` +
        `</g>`
      );
    })
    .join('\n');
}
