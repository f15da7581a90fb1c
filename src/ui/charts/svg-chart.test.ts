import { describe, expect, it } from 'vitest';
import { formatterForUnit } from '../theme.ts';
import { plotFrame } from './chart-geometry.ts';
import type { PlotSpec } from './chart-geometry.ts';
import type { SeriesColumn, SeriesWindow } from './series-source.ts';
import { timeSeriesSvg } from './svg-chart.ts';
import type { TimeSeriesSvgInput } from './svg-chart.ts';
import { escapeXml, EXPORT_PAD, legendMarkup, num } from './svg-markup.ts';

const columns: SeriesColumn[] = [
  { id: 'p0.tx', label: 'port 0 TX', unit: 'Mbit/s', color: '#0072B2' },
  { id: 'p0.rx', label: 'port 0 RX', unit: 'Mbit/s', color: '#0072B2', dash: [4, 3] },
  { id: 'p1.tx', label: 'port 1 TX', unit: 'Mbit/s', color: '#E69F00' },
];

const data: SeriesWindow = {
  t: Float64Array.of(0, 0.5, 1, 1.5, 2),
  values: [
    Float64Array.of(0, 500, 900, 940, 941),
    Float64Array.of(0, 10, NaN, 12, 13),
    Float64Array.of(0, 300, 600, 700, 720),
  ],
  length: 5,
};

const spec: PlotSpec = {
  unit: 'Mbit/s',
  windowSeconds: undefined,
  stacked: false,
  references: [{ value: 941.5, label: 'wire limit 941.5 Mbit/s per port' }],
  yMax: undefined,
  hidden: new Set(),
};

function input(over: Partial<TimeSeriesSvgInput> = {}): TimeSeriesSvgInput {
  return {
    title: 'Throughput per port (goodput)',
    unit: 'Mbit/s',
    columns,
    data,
    spec,
    plotWidth: 378,
    plotHeight: 150,
    format: formatterForUnit('Mbit/s'),
    emptyText: 'no data yet',
    ...over,
  };
}

const seriesPaths = (markup: string): string[] =>
  [...markup.matchAll(/<path class="series"[^>]* d="([^"]*)"/g)].map((m) => m[1] as string);

describe('timeSeriesSvg', () => {
  it('is a standalone file sized to the chart: xmlns, width, height, viewBox, background, font', () => {
    const doc = timeSeriesSvg(input());
    expect(doc.width).toBe(378 + 2 * EXPORT_PAD);
    expect(doc.height).toBeGreaterThan(150);
    expect(doc.markup).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(doc.markup).toContain(`width="${doc.width}" height="${doc.height}"`);
    expect(doc.markup).toContain(`viewBox="0 0 ${doc.width} ${doc.height}"`);
    expect(doc.markup).toMatch(/<rect width="100%" height="100%" fill="#ffffff"\/>/);
    expect(doc.markup).toMatch(/font-family="[^"]*sans-serif"/);
    expect(doc.markup).not.toMatch(/class="[^"]*" style=|<link|<style/);
  });

  it('draws one path per visible series, dashed where the series is dashed', () => {
    const paths = seriesPaths(timeSeriesSvg(input()).markup);
    expect(paths).toHaveLength(columns.length);
    for (const d of paths) expect(d).toMatch(/^M[\d.]+,[\d.]+L/);
    expect(timeSeriesSvg(input()).markup).toMatch(
      /data-series="p0\.rx"[^>]*stroke-dasharray="4 3"/,
    );
    // NaN is a gap: the receive line restarts with a second M.
    expect(paths[1]?.match(/M/g)).toHaveLength(2);
  });

  it('uses the canvas geometry: the first point sits where the chart frame puts it', () => {
    const frame = plotFrame(data, columns, spec, 378, 150);
    const first = /^M([\d.]+),([\d.]+)/.exec(seriesPaths(timeSeriesSvg(input()).markup)[0] ?? '');
    expect(Number(first?.[1])).toBeCloseTo(frame.x(0), 2);
    expect(Number(first?.[2])).toBeCloseTo(frame.y(0), 2);
    const last = seriesPaths(timeSeriesSvg(input()).markup)[0]?.split('L').at(-1) ?? '';
    const [lx, ly] = last.split(',').map(Number);
    expect(lx).toBeCloseTo(frame.x(2), 2);
    expect(ly).toBeCloseTo(frame.y(941), 2);
  });

  it('an axis of bytes that are all 0 runs 0 to 1, not 0 to a nanobyte', () => {
    const zeros: SeriesWindow = {
      t: Float64Array.of(0, 1),
      values: [Float64Array.of(0, 0)],
      length: 2,
    };
    const frame = plotFrame(zeros, [columns[0]!], { ...spec, unit: 'B', references: [] }, 378, 150);
    expect(frame.y.domain()).toEqual([0, 1]);
  });

  it('labels the axes with units and the legend with latest values and colours', () => {
    const { markup } = timeSeriesSvg(input());
    expect(markup).toContain('Throughput per port (goodput)');
    expect(markup).toContain('<text class="unit"');
    expect(markup).toMatch(/<text class="unit"[^>]*>Mbit\/s<\/text>/);
    expect(markup).toMatch(/>0.0 s<\/text>/);
    expect(markup).toMatch(/>2.0 s<\/text>/);
    expect(markup).toMatch(/>800<\/text>/);
    expect(markup).toContain('port 1 TX <tspan font-weight="600">720.0 Mbit/s</tspan>');
    expect(markup).toMatch(/<line [^>]*stroke="#E69F00" stroke-width="2"\/>/);
    expect(markup).toContain('wire limit 941.5 Mbit/s per port');
    expect(markup).toMatch(/<line [^>]*stroke-dasharray="5 4"\/>/);
  });

  it('escapes titles, labels and units', () => {
    const tricky: SeriesColumn[] = [
      { id: 'a"b', label: '<script> & "quotes"', unit: 'x', color: '#000' },
    ];
    const { markup } = timeSeriesSvg(
      input({
        title: 'A & B <x>',
        unit: "it's",
        columns: tricky,
        data: { t: data.t, values: [data.values[0] as Float64Array], length: 5 },
        spec: { ...spec, unit: "it's", references: [] },
      }),
    );
    expect(markup).toContain('A &amp; B &lt;x&gt;');
    expect(markup).toContain('&lt;script&gt; &amp; &quot;quotes&quot;');
    expect(markup).toContain('data-series="a&quot;b"');
    expect(markup).toContain('(it&apos;s)');
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('<x>');
  });

  it('leaves hidden series out of the plot but keeps them, struck through, in the legend', () => {
    const { markup } = timeSeriesSvg(input({ spec: { ...spec, hidden: new Set(['p0.tx']) } }));
    expect(seriesPaths(markup)).toHaveLength(2);
    expect(markup).toMatch(/<g opacity="0.4" text-decoration="line-through">.*port 0 TX/);
  });

  it('stacks areas like the canvas (fractions drawn as %)', () => {
    const { markup } = timeSeriesSvg(
      input({
        unit: '%',
        spec: { ...spec, unit: '%', stacked: true, yMax: 1, references: [] },
        data: {
          t: Float64Array.of(0, 1),
          values: [Float64Array.of(0.2, 0.3), Float64Array.of(0.1, 0.1), Float64Array.of(0, 0.5)],
          length: 2,
        },
        format: formatterForUnit('%'),
      }),
    );
    expect(seriesPaths(markup)).toHaveLength(3);
    expect(markup).toMatch(/fill-opacity="0.8"/);
    expect(markup).toMatch(/>100<\/text>/);
    expect(markup).toMatch(/<text class="unit"[^>]*>%<\/text>/);
  });

  it('says so when there is no data, with axes and no paths', () => {
    const empty = {
      t: new Float64Array(0),
      values: columns.map(() => new Float64Array(0)),
      length: 0,
    };
    const { markup } = timeSeriesSvg(input({ data: empty, emptyText: 'press play' }));
    expect(seriesPaths(markup)).toHaveLength(0);
    expect(markup).toContain('>press play</text>');
  });
});

describe('svg markup helpers', () => {
  it('escapes the five XML specials and rounds coordinates', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;',
    );
    expect(num(1.23456)).toBe('1.23');
    expect(num(-0.001)).toBe('0');
  });

  it('wraps legend entries onto new rows instead of overflowing', () => {
    const items = Array.from({ length: 8 }, (_, i) => ({
      label: `port ${i} TX`,
      color: '#000',
      swatch: 'line' as const,
      value: '941.5 Mbit/s',
    }));
    expect(legendMarkup(items, 0, 0, 2000).height).toBe(16);
    const narrow = legendMarkup(items, 0, 0, 300);
    expect(narrow.height).toBeGreaterThan(16);
    const xs = [...narrow.markup.matchAll(/<text x="([\d.]+)"/g)].map((m) => Number(m[1]));
    for (const x of xs) expect(x).toBeLessThan(300);
  });
});
