import { INK } from '../theme.ts';
import { backingSize } from './chart-layout.ts';
import {
  AREA_OPACITY,
  LINE_WIDTH,
  plotFrame,
  referenceMarks,
  REFERENCE_DASH,
  seriesShapes,
  xTicks,
  yTicks,
} from './chart-geometry.ts';
import type { PlotFrame, PlotSpec, ReferenceMark, ScratchArrays } from './chart-geometry.ts';
import type { SeriesColumn, SeriesWindow } from './series-source.ts';

export const CHART_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Paints one frame of a time-series chart: the geometry comes from chart-geometry.ts (the
 * SVG export uses the same), this file only knows canvas calls.
 */
export function drawChart(
  canvas: HTMLCanvasElement,
  cssWidth: number,
  cssHeight: number,
  data: SeriesWindow,
  columns: readonly SeriesColumn[],
  spec: PlotSpec,
  emptyText: string,
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
  ctx.font = CHART_FONT;

  const frame = plotFrame(data, columns, spec, cssWidth, cssHeight);
  const { left, right, top, bottom } = frame;
  drawAxes(ctx, frame, spec.unit);

  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top - 1, right - left, bottom - top + 2);
  ctx.clip();
  const { rows, shapes } = seriesShapes(frame, data, columns, spec.stacked, scratch);
  ctx.lineWidth = LINE_WIDTH;
  ctx.lineJoin = 'round';
  for (const shape of shapes) {
    ctx.beginPath();
    if (shape.kind === 'area') {
      shape.generator.context(ctx)(rows);
      ctx.fillStyle = shape.column.color;
      ctx.globalAlpha = AREA_OPACITY;
      ctx.fill();
      ctx.globalAlpha = 1;
    } else {
      shape.generator.context(ctx)(rows);
      ctx.strokeStyle = shape.column.color;
      ctx.setLineDash(shape.column.dash ? [...shape.column.dash] : []);
      ctx.stroke();
    }
  }
  ctx.setLineDash([]);
  ctx.restore();
  drawReferences(ctx, referenceMarks(frame, spec.references), left, right);

  if (data.length === 0) {
    ctx.fillStyle = INK.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(emptyText, (left + right) / 2, (top + bottom) / 2);
  }
}

function drawAxes(ctx: CanvasRenderingContext2D, frame: PlotFrame, unit: string): void {
  const { left, right, top, bottom } = frame;
  ctx.lineWidth = 1;
  ctx.strokeStyle = INK.grid;
  ctx.fillStyle = INK.muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const tick of yTicks(frame, unit)) {
    ctx.beginPath();
    ctx.moveTo(left, tick.at);
    ctx.lineTo(right, tick.at);
    ctx.stroke();
    ctx.fillText(tick.label, left - 5, tick.at);
  }
  ctx.strokeStyle = INK.axis;
  ctx.beginPath();
  ctx.moveTo(left, Math.round(bottom) + 0.5);
  ctx.lineTo(right, Math.round(bottom) + 0.5);
  ctx.moveTo(Math.round(left) + 0.5, top);
  ctx.lineTo(Math.round(left) + 0.5, bottom);
  ctx.stroke();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const tick of xTicks(frame)) {
    ctx.beginPath();
    ctx.moveTo(tick.at, bottom);
    ctx.lineTo(tick.at, bottom + 4);
    ctx.stroke();
    ctx.fillText(tick.label, tick.at, bottom + 6);
  }
}

function drawReferences(
  ctx: CanvasRenderingContext2D,
  marks: readonly ReferenceMark[],
  left: number,
  right: number,
): void {
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  for (const m of marks) {
    ctx.setLineDash([...REFERENCE_DASH]);
    ctx.strokeStyle = m.color;
    ctx.beginPath();
    ctx.moveTo(left, m.at);
    ctx.lineTo(right, m.at);
    ctx.stroke();
    ctx.setLineDash([]);
    // On a white plate so the data under the label cannot make it unreadable.
    const ty = m.below ? m.at + 3 : m.at - 3;
    ctx.textBaseline = m.below ? 'top' : 'bottom';
    const w = ctx.measureText(m.label).width;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.fillRect(right - w - 5, m.below ? ty - 1 : ty - 12, w + 4, 13);
    ctx.fillStyle = m.color;
    ctx.fillText(m.label, right - 3, ty);
  }
}
