import {
  axisBottom,
  axisLeft,
  format,
  line,
  scaleLinear,
  scaleLog,
  scalePoint,
  select,
  type Axis,
  type NumberValue,
  type ScaleLinear,
} from 'd3';
import type { Architecture } from '../../protocol/scenario.ts';
import { EXPORT_FONT, svgDocument, type SvgDocument } from '../charts/svg-markup.ts';
import { ARCHITECTURE_COLORS, INK } from '../theme.ts';
import { markerOf, markerPath } from './bottleneck-markers.ts';
import {
  drawHeading,
  drawLegend,
  FONT_SIZE,
  layer,
  LAYOUT,
  type Layer,
  type Root,
} from './sweep-chart-frame.ts';
import type { ChartModel, ChartPoint, WireLimit } from './sweep-chart-model.ts';

/**
 * The sweep chart (issue 6) drawn with d3 into one SVG: the frame (sweep-chart-frame.ts:
 * title, legend), then goodput over host CPU sharing the x axis. Few
 * elements that change only when a point finishes, so keyed joins update them in place;
 * every style is an attribute, so the same SVG is the exported file.
 */

type XScale = (value: number | string) => number;

interface XAxis {
  /** Where a value sits. */
  at: XScale;
  /** The axis with a tick at every swept value. */
  axis: Axis<string> | Axis<NumberValue>;
}

const axisNumber = format(',~g');
const limitNumber = format(',.0f');

/** The wires' ceiling as a dashed line, labelled. */
function drawWireLimit(
  g: Layer,
  limits: readonly WireLimit[] | null,
  x: XScale,
  y: ScaleLinear<number, number>,
): void {
  const data = limits && limits.length > 0 ? [limits] : [];
  const ends = (d: readonly WireLimit[]) => {
    const points = d.map((l) => [x(l.value), y(l.mbps)] as [number, number]);
    points.sort((a, b) => a[0] - b[0]);
    if (points.length === 1) {
      const [px, py] = points[0]!;
      return [[px - 40, py] as [number, number], [px + 40, py] as [number, number]];
    }
    return points;
  };
  g.selectAll<SVGPathElement, readonly WireLimit[]>('path.wire-limit')
    .data(data)
    .join('path')
    .attr('class', 'wire-limit')
    .attr('fill', 'none')
    .attr('stroke', INK.muted)
    .attr('stroke-width', 1.2)
    .attr('stroke-dasharray', '5 4')
    .attr('d', (d) => line()(ends(d)));
  // Between the last two values, above the line: the points at the values sit on it.
  const labelAt = (d: readonly WireLimit[]) => {
    const points = ends(d);
    const a = points.at(-2) ?? points[0]!;
    const b = points.at(-1)!;
    return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] as const;
  };
  g.selectAll<SVGTextElement, readonly WireLimit[]>('text.wire-limit')
    .data(data)
    .join('text')
    .attr('class', 'wire-limit')
    .attr('x', (d) => labelAt(d)[0])
    .attr('y', (d) => labelAt(d)[1] - 7)
    .attr('text-anchor', 'middle')
    .attr('font-size', 10)
    .attr('fill', INK.muted)
    .text((d) => {
      const same = d.every((l) => Math.abs(l.mbps - d[0]!.mbps) < 0.05);
      return same ? `wire limit ${limitNumber(d[0]!.mbps)} Mbit/s` : 'wire limit';
    });
}

function xAxisOf(model: ChartModel, left: number, right: number): XAxis {
  if (model.xKind === 'point') {
    const scale = scalePoint<string>()
      .domain(model.xValues.map(String))
      .range([left, right])
      .padding(0.5);
    return {
      at: (v) => scale(String(v)) ?? left,
      axis: axisBottom(scale).tickSizeOuter(0),
    };
  }
  const numbers = model.xValues as number[];
  const domain: [number, number] = [Math.min(...numbers), Math.max(...numbers)];
  const range: [number, number] = [left + LAYOUT.inset, right - LAYOUT.inset];
  const scale =
    model.xKind === 'log' ? scaleLog().domain(domain).range(range) : scaleLinear(domain, range);
  return {
    at: (v) => scale(Number(v)),
    axis: axisBottom(scale)
      .tickValues(numbers)
      .tickFormat((v) => axisNumber(Number(v)))
      .tickSizeOuter(0),
  };
}

interface Panel {
  id: 'goodput' | 'cpu';
  top: number;
  height: number;
  label: string;
  y: ScaleLinear<number, number>;
  valueOf: (p: ChartPoint) => number | null;
  tickFormat: (v: number) => string;
  markerScale: number;
}

function styleAxis(g: Layer): void {
  g.attr('color', INK.axis).attr('font-family', EXPORT_FONT).attr('font-size', 10);
  g.selectAll('text').attr('fill', INK.muted);
}

function drawPanel(
  root: Root,
  panel: Panel,
  model: ChartModel,
  x: XScale,
  left: number,
  right: number,
): void {
  const g = layer(root, panel.id);
  const bottom = panel.top + panel.height;
  const ticks = panel.y.ticks(panel.id === 'cpu' ? 4 : 5);

  g.selectAll<SVGTextElement, string>('text.panel-label')
    .data([panel.label])
    .join('text')
    .attr('class', 'panel-label')
    .attr('x', LAYOUT.pad)
    .attr('y', panel.top - 12)
    .attr('font-size', FONT_SIZE)
    .attr('font-weight', 600)
    .attr('fill', INK.text)
    .text(panel.label);

  g.selectAll<SVGLineElement, number>('line.y-grid')
    .data(ticks, (d) => String(d))
    .join('line')
    .attr('class', 'y-grid')
    .attr('x1', left)
    .attr('x2', right)
    .attr('y1', (d) => panel.y(d))
    .attr('y2', (d) => panel.y(d))
    .attr('stroke', INK.grid);
  g.selectAll<SVGLineElement, number | string>('line.x-grid')
    .data(model.xValues, (d) => String(d))
    .join('line')
    .attr('class', 'x-grid')
    .attr('x1', (d) => x(d))
    .attr('x2', (d) => x(d))
    .attr('y1', panel.top)
    .attr('y2', bottom)
    .attr('stroke', INK.grid);

  const axis = g.selectAll<SVGGElement, number>('g.y-axis').data([0]).join('g');
  axis
    .attr('class', 'y-axis')
    .attr('transform', `translate(${left},0)`)
    .call(
      axisLeft(panel.y)
        .tickValues(ticks)
        .tickFormat((v) => panel.tickFormat(Number(v)))
        .tickSizeOuter(0),
    );
  styleAxis(axis as unknown as Layer);
  g.selectAll<SVGLineElement, number>('line.baseline')
    .data([bottom])
    .join('line')
    .attr('class', 'baseline')
    .attr('x1', left)
    .attr('x2', right)
    .attr('y1', bottom)
    .attr('y2', bottom)
    .attr('stroke', INK.axis);

  const archIndex = new Map(model.architectures.map((a, i) => [a, i]));
  const n = model.architectures.length;
  const px = (p: ChartPoint) =>
    x(p.value) + ((archIndex.get(p.architecture) ?? 0) - (n - 1) / 2) * LAYOUT.dodge;
  const measured = model.points.filter((p) => panel.valueOf(p) !== null);
  const py = (p: ChartPoint) => panel.y(panel.valueOf(p) as number);

  drawWireLimit(g, panel.id === 'goodput' ? model.wireLimit : null, x, panel.y);

  const series = model.architectures.map((architecture) => ({
    architecture,
    points: measured.filter((p) => p.architecture === architecture).sort((a, b) => px(a) - px(b)),
  }));
  const path = line<ChartPoint>().x(px).y(py);
  g.selectAll<SVGPathElement, { architecture: Architecture; points: ChartPoint[] }>('path.series')
    .data(series, (d) => d.architecture)
    .join('path')
    .attr('class', 'series')
    .attr('fill', 'none')
    .attr('stroke', (d) => ARCHITECTURE_COLORS[d.architecture])
    .attr('stroke-width', 2)
    .attr('stroke-linejoin', 'round')
    .attr('stroke-opacity', 0.8)
    .attr('d', (d) => (d.points.length > 1 ? path(d.points) : null));

  const markers = g
    .selectAll<SVGGElement, ChartPoint>('g.sweep-marker')
    .data(measured, (d) => d.key)
    .join((enter) => {
      const m = enter.append('g');
      m.append('path');
      m.append('title');
      return m;
    })
    .attr('class', `sweep-marker sweep-marker--${panel.id}`)
    .attr('data-architecture', (d) => d.architecture)
    .attr('data-bottleneck', (d) => d.bottleneck ?? 'undecided')
    .attr('transform', (d) => `translate(${px(d)},${py(d)})`);
  markers.raise();
  markers
    .select('path')
    .attr('d', (d) => markerPath(d.bottleneck, panel.markerScale))
    .attr('fill', (d) =>
      markerOf(d.bottleneck).hollow ? '#ffffff' : ARCHITECTURE_COLORS[d.architecture],
    )
    .attr('stroke', (d) =>
      markerOf(d.bottleneck).hollow ? ARCHITECTURE_COLORS[d.architecture] : '#ffffff',
    )
    .attr('stroke-width', (d) => (markerOf(d.bottleneck).hollow ? 1.8 : 1));
  markers.select('title').text((d) => d.title);

  g.selectAll<SVGTextElement, string>('text.empty')
    .data(panel.id === 'goodput' && model.points.length === 0 ? ['no finished runs yet'] : [])
    .join('text')
    .attr('class', 'empty')
    .attr('x', (left + right) / 2)
    .attr('y', panel.top + panel.height / 2)
    .attr('text-anchor', 'middle')
    .attr('fill', INK.muted)
    .attr('font-size', 12)
    .text((d) => d);
}

function drawXAxis(
  root: Root,
  model: ChartModel,
  x: XAxis,
  left: number,
  right: number,
  y: number,
): void {
  const g = layer(root, 'x-axis');
  const axis = g.selectAll<SVGGElement, number>('g.x-axis').data([0]).join('g');
  axis.attr('class', 'x-axis').attr('transform', `translate(0,${y})`);
  axis.call(x.axis as Axis<string>);
  styleAxis(axis as unknown as Layer);
  axis.select('.domain').attr('stroke', 'none');
  const unit = model.parameter.unit ? ` (${model.parameter.unit})` : '';
  const scaleNote = model.xKind === 'log' ? ' · log scale' : '';
  g.selectAll<SVGTextElement, string>('text.x-label')
    .data([`${model.parameter.label}${unit}${scaleNote}`])
    .join('text')
    .attr('class', 'x-label')
    .attr('x', (left + right) / 2)
    .attr('y', y + 34)
    .attr('text-anchor', 'middle')
    .attr('font-size', FONT_SIZE)
    .attr('font-weight', 600)
    .attr('fill', INK.text)
    .text((d) => d);
}

const mbpsTick = format(',~r');

/** Draws (or redraws) the chart into `svg` at `width` CSS px; returns the size used. */
export function drawSweepChart(
  svg: SVGSVGElement,
  model: ChartModel,
  width: number,
): { width: number; height: number } {
  const root = select(svg);
  const legendHeight = drawLegend(root, model, width);
  const left = LAYOUT.plotLeft;
  const right = width - LAYOUT.plotRight;
  const goodputTop = LAYOUT.legendTop + legendHeight + 22;
  const cpuTop = goodputTop + LAYOUT.goodputHeight + LAYOUT.panelGap;
  const height = cpuTop + LAYOUT.cpuHeight + LAYOUT.axisRoom;
  root
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('font-family', EXPORT_FONT)
    .attr('font-size', FONT_SIZE);

  drawHeading(root, model);
  const x = xAxisOf(model, left, right);
  const maxGoodput = Math.max(
    0,
    ...model.points.map((p) => p.goodputMbps),
    ...(model.wireLimit ?? []).map((l) => l.mbps),
  );
  const goodput: Panel = {
    id: 'goodput',
    top: goodputTop,
    height: LAYOUT.goodputHeight,
    label: 'Goodput (Mbit/s)',
    y: scaleLinear(
      [0, maxGoodput > 0 ? maxGoodput * 1.08 : 1000],
      [goodputTop + LAYOUT.goodputHeight, goodputTop],
    ).nice(),
    valueOf: (p) => p.goodputMbps,
    tickFormat: mbpsTick,
    markerScale: 1,
  };
  const cpu: Panel = {
    id: 'cpu',
    top: cpuTop,
    height: LAYOUT.cpuHeight,
    label: 'Host CPU (%)',
    y: scaleLinear([0, 1], [cpuTop + LAYOUT.cpuHeight, cpuTop]),
    valueOf: (p) => p.cpu,
    tickFormat: (v) => format('.0f')(v * 100),
    markerScale: 0.8,
  };
  drawPanel(root, goodput, model, x.at, left, right);
  drawPanel(root, cpu, model, x.at, left, right);
  drawXAxis(root, model, x, left, right, cpuTop + LAYOUT.cpuHeight);
  return { width, height };
}

/** The chart as a standalone SVG file (chart-export.ts turns it into SVG or PNG). */
export function sweepChartDocument(svg: SVGSVGElement, model: ChartModel): SvgDocument {
  const serializer = new XMLSerializer();
  const body = Array.from(svg.childNodes)
    .map((node) => serializer.serializeToString(node))
    .join('\n');
  return svgDocument({
    width: Number(svg.getAttribute('width')),
    height: Number(svg.getAttribute('height')),
    title: model.title,
    description: model.subtitle,
    body,
  });
}
