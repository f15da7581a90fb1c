import { useId } from 'react';
import { TimeSeriesChart } from '../charts/TimeSeriesChart.tsx';
import type { FrameScheduler } from '../charts/frame-scheduler.ts';
import type { SeriesSource } from '../charts/series-source.ts';
import { fmt } from '../theme.ts';
import './panels.css';

export interface ConnectionOption {
  id: number;
  /** e.g. "conn 0 · port 0 · TX (offloaded)". */
  label: string;
}

export interface WindowOccupancyProps {
  connections: readonly ConnectionOption[];
  selected: number | null;
  onSelect: (id: number) => void;
  /** The selected connection's series (columns: charts/columns.ts WINDOW_COLUMNS); null = not modelled. */
  source: SeriesSource | null;
  scheduler?: FrameScheduler;
  windowSeconds?: number;
  height?: number;
  /** Card memory capacity in bytes, drawn as a reference line when given. */
  cardMemoryBytes?: number | null;
  /** The selected connection's smoothed RTT (columns: RTT_COLUMNS); null = none sampled. */
  rttSource?: SeriesSource | null;
  /** The link's round-trip propagation time in µs, drawn as the RTT chart's floor. */
  linkRttUs?: number;
}

/** Q3 of DESIGN.md §1: how full one connection's buffers and windows are, over time. */
export function WindowOccupancy({
  connections,
  selected,
  onSelect,
  source,
  scheduler,
  windowSeconds,
  height,
  cardMemoryBytes,
  rttSource,
  linkRttUs,
}: WindowOccupancyProps) {
  const pickerId = useId();
  const picker = (
    <span className="conn-picker">
      <label htmlFor={pickerId}>connection</label>{' '}
      <select
        id={pickerId}
        value={selected === null ? '' : String(selected)}
        disabled={connections.length === 0}
        onChange={(e) => onSelect(Number(e.target.value))}
      >
        {selected === null && <option value="">—</option>}
        {connections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
    </span>
  );
  if (source === null) {
    return (
      <section className="panel" aria-label="Window occupancy">
        <div className="panel__head">
          <h2 className="panel__title">
            Window occupancy <span className="panel__unit">(bytes)</span>
          </h2>
          {picker}
        </div>
        <p className="not-modelled">Window occupancy: not modelled yet</p>
      </section>
    );
  }
  const references =
    cardMemoryBytes !== null && cardMemoryBytes !== undefined
      ? [{ value: cardMemoryBytes, label: `card memory ${fmt.bytes(cardMemoryBytes)}` }]
      : undefined;
  const rttReferences =
    linkRttUs !== undefined
      ? [{ value: linkRttUs, label: `link RTT ${fmt.count(linkRttUs)} µs` }]
      : [];
  return (
    <div className="window-panel">
      <TimeSeriesChart
        title="Window occupancy"
        info="window"
        unit="bytes"
        source={source}
        scheduler={scheduler}
        windowSeconds={windowSeconds}
        height={height}
        references={references}
        headerExtra={picker}
      />
      {rttSource && (
        // The RTT the sender measures: the link's propagation plus every queue on the
        // way (qdisc, ring, FIFOs, the peer's queue) and the ACK's own wait.
        <TimeSeriesChart
          title="Smoothed RTT"
          unit="µs"
          source={rttSource}
          scheduler={scheduler}
          windowSeconds={windowSeconds}
          height={80}
          references={rttReferences}
        />
      )}
    </div>
  );
}
