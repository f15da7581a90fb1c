import { useEffect, useRef } from 'react';
import { fmt } from '../theme.ts';
import { frameScheduler } from '../state/frame-scheduler.ts';
import { seriesStore } from '../state/series-store.ts';

/** Readouts average the last rows, so a number is steady enough to read. */
const ROWS_AVERAGED = 25;
/** Text changes at most this often, however fast the frames. */
const UPDATE_MS = 250;

const DIRECTIONS = [
  ['tx', 'TX'],
  ['rx', 'RX'],
] as const;

function readout(port: number, dir: 'tx' | 'rx', label: string): string {
  const goodput = seriesStore.recentMean(`port${port}.${dir}.goodput`, ROWS_AVERAGED);
  const wire = seriesStore.recentMean(`port${port}.${dir}.wire`, ROWS_AVERAGED);
  if (!Number.isFinite(goodput)) return `port ${port} ${label} — (no samples yet)`;
  return `port ${port} ${label} ${fmt.mbps(goodput)} · wire ${wire.toFixed(0)}`;
}

/**
 * "port 0 TX 941 Mbit/s" per port and direction, as text (screen readers and tests read
 * it). Written straight into the DOM on the frame scheduler's tick, never through React.
 */
export function PortReadouts({ ports }: { ports: number }) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    let last = -Infinity;
    let seen = -1;
    return frameScheduler.subscribe((t) => {
      if (t - last < UPDATE_MS || seriesStore.version === seen) return;
      last = t;
      seen = seriesStore.version;
      const items = list.current?.querySelectorAll<HTMLElement>('[data-readout]') ?? [];
      for (const item of items) {
        const port = Number(item.dataset.port);
        const dir = item.dataset.readout as 'tx' | 'rx';
        item.textContent = readout(port, dir, dir.toUpperCase());
      }
    });
  }, [ports]);
  return (
    <ul ref={list} className="readouts" aria-label="Throughput per port">
      {Array.from({ length: ports }, (_, port) =>
        DIRECTIONS.map(([dir, label]) => (
          <li key={`${port}-${dir}`} data-readout={dir} data-port={port}>
            {readout(port, dir, label)}
          </li>
        )),
      )}
    </ul>
  );
}
