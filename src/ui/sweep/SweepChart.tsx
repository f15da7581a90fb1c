import { useEffect, useRef, useState } from 'react';
import { ExportButtons } from '../charts/ExportButtons.tsx';
import { fileStem } from '../export/download.ts';
import { drawSweepChart, sweepChartDocument } from './sweep-chart.ts';
import type { ChartModel } from './sweep-chart-model.ts';

const MIN_WIDTH = 480;

/**
 * The sweep chart in the page: d3 draws into the <svg> whenever the model (a point
 * finished) or the width changes; React only owns the frame and the export buttons.
 */
export function SweepChart({ model }: { model: ChartModel }) {
  const frame = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const [width, setWidth] = useState(860);

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(MIN_WIDTH, Math.floor(entry.contentRect.width)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (svg.current) drawSweepChart(svg.current, model, width);
  }, [model, width]);

  const finished = model.points.length;
  return (
    <figure className="sweep-chart" aria-label="Sweep chart">
      <div className="sweep-chart__actions">
        <ExportButtons
          name="sweep chart"
          stem={`sweep-${fileStem(model.parameter.path)}`}
          build={() => (svg.current ? sweepChartDocument(svg.current, model) : null)}
        />
      </div>
      <div ref={frame} className="sweep-chart__frame">
        <svg
          ref={svg}
          role="img"
          aria-label={`${model.title}: ${finished} finished point${finished === 1 ? '' : 's'}; exact figures in the table “Sweep results”`}
        />
      </div>
    </figure>
  );
}
