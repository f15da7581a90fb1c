import { format } from 'd3';
import { useEffect, useRef } from 'react';
import { frameScheduler } from '../state/frame-scheduler.ts';
import { seriesStore } from '../state/series-store.ts';

/** Readouts average the last rows, so a number is steady enough to read. */
const ROWS_AVERAGED = 25;
/** Text changes at most this often, however fast the frames. */
const UPDATE_MS = 250;

const CELLS = [
  ['tx', 'goodput'],
  ['tx', 'wire'],
  ['rx', 'goodput'],
  ['rx', 'wire'],
] as const;

/** The unit is in the header: goodput to 0.1 Mbit/s, the wire to 1 Mbit/s. */
const TEXT = { goodput: format(',.1f'), wire: format(',.0f') };

type Direction = (typeof CELLS)[number][0];
type Measure = (typeof CELLS)[number][1];

function readout(port: number, dir: Direction, measure: Measure): string {
  const value = seriesStore.recentMean(`port${port}.${dir}.${measure}`, ROWS_AVERAGED);
  return Number.isFinite(value) ? TEXT[measure](value) : '—';
}

/**
 * Each port's TX and RX goodput and wire rate (Mbit/s, the mean of the last samples) as
 * a table: one row per port, so the figures line up at any width (issue 12: a list of
 * "port 0 TX 554.0 Mbit/s · wire 589" items wrapped mid-figure at 1440 px). Written
 * straight into the DOM on the frame scheduler's tick, never through React.
 */
export function PortReadouts({ ports }: { ports: number }) {
  const table = useRef<HTMLTableElement>(null);
  useEffect(() => {
    let last = -Infinity;
    let seen = -1;
    return frameScheduler.subscribe((t) => {
      if (t - last < UPDATE_MS || seriesStore.version === seen) return;
      last = t;
      seen = seriesStore.version;
      const cells = table.current?.querySelectorAll<HTMLElement>('[data-measure]') ?? [];
      for (const cell of cells) {
        const text = readout(
          Number(cell.dataset.port),
          cell.dataset.dir as Direction,
          cell.dataset.measure as Measure,
        );
        if (cell.textContent !== text) cell.textContent = text;
      }
    });
  }, [ports]);
  return (
    <table ref={table} className="readouts" aria-label="Throughput per port">
      <thead>
        <tr>
          <th scope="col">Mbit/s</th>
          <th scope="col">TX goodput</th>
          <th scope="col">TX wire</th>
          <th scope="col">RX goodput</th>
          <th scope="col">RX wire</th>
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: ports }, (_, port) => (
          <tr key={port}>
            <th scope="row">port {port}</th>
            {CELLS.map(([dir, measure]) => (
              <td key={`${dir}-${measure}`} data-port={port} data-dir={dir} data-measure={measure}>
                {readout(port, dir, measure)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
