import type { Selection } from 'd3';
import type { Bottleneck } from '../../protocol/sweep-messages.ts';
import { textWidth } from '../charts/svg-markup.ts';
import { ARCHITECTURE_COLORS, INK } from '../theme.ts';
import { BOTTLENECK_ORDER, markerOf, markerPath } from './bottleneck-markers.ts';
import { bottleneckLabel, type ChartModel } from './sweep-chart-model.ts';

/**
 * The sweep chart's frame (sweep-chart.ts draws the plots): its layout, its layers, the
 * heading and the legend (architectures by colour, bottlenecks by marker shape).
 */

export const LAYOUT = {
  pad: 12,
  plotLeft: 64,
  plotRight: 20,
  titleY: 18,
  subtitleY: 35,
  legendTop: 56,
  legendRow: 20,
  goodputHeight: 230,
  panelGap: 40,
  cpuHeight: 140,
  axisRoom: 46,
  /** Room kept between the outermost x values and the plot's edges. */
  inset: 28,
  /** Horizontal offset between architectures at the same x, so equal results stay visible. */
  dodge: 5,
} as const;

export const FONT_SIZE = 11;
const BOTTLENECK_INK = INK.muted;

export type Root = Selection<SVGSVGElement, unknown, null, undefined>;
export type Layer = Selection<SVGGElement, unknown, null, undefined>;

/** The layer `name`, created once and reused by every redraw. */
export function layer(root: Root, name: string): Layer {
  const existing = root.select<SVGGElement>(`g.layer-${name}`);
  if (!existing.empty()) return existing as unknown as Layer;
  return root.append('g').attr('class', `layer-${name}`) as unknown as Layer;
}

export function drawHeading(root: Root, model: ChartModel): void {
  const g = layer(root, 'heading');
  const rows = [
    { id: 'title', text: model.title, y: LAYOUT.titleY, size: 13, weight: 600, fill: INK.text },
    {
      id: 'subtitle',
      text: model.subtitle,
      y: LAYOUT.subtitleY,
      size: 11,
      weight: 400,
      fill: INK.muted,
    },
  ];
  g.selectAll<SVGTextElement, (typeof rows)[number]>('text')
    .data(rows, (d) => d.id)
    .join('text')
    .attr('x', LAYOUT.pad)
    .attr('y', (d) => d.y)
    .attr('font-size', (d) => d.size)
    .attr('font-weight', (d) => d.weight)
    .attr('fill', (d) => d.fill)
    .text((d) => d.text);
}

interface LegendItem {
  id: string;
  kind: 'architecture' | 'caption' | 'bottleneck';
  label: string;
  color: string;
  bottleneck: Bottleneck | null;
  x: number;
  y: number;
}

/** Lays the legend out in rows within `width`; returns its height. */
export function drawLegend(root: Root, model: ChartModel, width: number): number {
  const present = new Set(model.points.map((p) => p.bottleneck));
  const raw: Omit<LegendItem, 'x' | 'y'>[] = [
    ...model.architectures.map((a) => ({
      id: `arch-${a}`,
      kind: 'architecture' as const,
      label: a,
      color: ARCHITECTURE_COLORS[a],
      bottleneck: null,
    })),
  ];
  const bottlenecks = [...BOTTLENECK_ORDER, null].filter((b) => present.has(b));
  if (bottlenecks.length > 0) {
    raw.push({
      id: 'caption',
      kind: 'caption',
      label: 'bottleneck:',
      color: INK.muted,
      bottleneck: null,
    });
    for (const b of bottlenecks) {
      raw.push({
        id: `b-${b ?? 'undecided'}`,
        kind: 'bottleneck',
        label: bottleneckLabel(b),
        color: BOTTLENECK_INK,
        bottleneck: b,
      });
    }
  }
  const items: LegendItem[] = [];
  let x = LAYOUT.pad;
  let row = 0;
  for (const item of raw) {
    const lead = item.kind === 'architecture' ? 26 : item.kind === 'bottleneck' ? 16 : 0;
    const gap = item.kind === 'caption' ? 8 : 16;
    const w = lead + textWidth(item.label, FONT_SIZE, item.kind === 'architecture') + gap;
    const breakBefore = item.kind === 'caption' && items.length > 0 ? 12 : 0;
    if (x + breakBefore + w > width - LAYOUT.pad && x > LAYOUT.pad) {
      x = LAYOUT.pad;
      row += 1;
    } else {
      x += breakBefore;
    }
    items.push({ ...item, x, y: LAYOUT.legendTop + row * LAYOUT.legendRow });
    x += w;
  }

  const g = layer(root, 'legend');
  const joined = g
    .selectAll<SVGGElement, LegendItem>('g.legend-item')
    .data(items, (d) => d.id)
    .join((enter) => {
      const item = enter.append('g').attr('class', 'legend-item');
      item.append('line');
      item.append('path');
      item.append('text');
      return item;
    })
    .attr('transform', (d) => `translate(${d.x},${d.y})`);
  joined
    .select('line')
    .attr('x1', 0)
    .attr('x2', 20)
    .attr('y1', 0)
    .attr('y2', 0)
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', 3)
    .attr('visibility', (d) => (d.kind === 'architecture' ? null : 'hidden'));
  joined
    .select('path')
    .attr('transform', (d) => `translate(${d.kind === 'architecture' ? 10 : 5},0)`)
    .attr('d', (d) => (d.kind === 'bottleneck' ? markerPath(d.bottleneck, 0.85) : ''))
    .attr('fill', (d) =>
      d.kind === 'bottleneck' && markerOf(d.bottleneck).hollow ? '#ffffff' : d.color,
    )
    .attr('stroke', (d) =>
      d.kind === 'bottleneck' && markerOf(d.bottleneck).hollow ? d.color : '#ffffff',
    )
    .attr('stroke-width', (d) =>
      d.kind === 'bottleneck' && markerOf(d.bottleneck).hollow ? 1.5 : 1,
    );
  joined
    .select('text')
    .attr('x', (d) => (d.kind === 'architecture' ? 26 : d.kind === 'bottleneck' ? 13 : 0))
    .attr('dy', '0.35em')
    .attr('font-size', FONT_SIZE)
    .attr('fill', (d) => (d.kind === 'architecture' ? INK.text : INK.muted))
    .attr('font-weight', (d) => (d.kind === 'architecture' ? 600 : 400))
    .text((d) => d.label);
  return (row + 1) * LAYOUT.legendRow;
}
