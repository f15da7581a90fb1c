import { useId } from 'react';
import { RESOURCE_COLORS } from '../theme.ts';
import type { LaneSnapshot } from './compare-session.ts';
import {
  bottleneckResource,
  bottleneckText,
  cellText,
  deltaText,
  figuresOf,
  SUMMARY_COLUMNS,
  type SummaryFigures,
} from './summary.ts';

export interface SummaryTableProps {
  lanes: readonly LaneSnapshot[];
  commonNs: number;
  baseline: string;
  /** What the lanes differ by, as the first column's heading. */
  laneKind?: 'Architecture' | 'Card';
  /** Show each figure's difference against the baseline. */
  difference: boolean;
}

/**
 * One row per architecture: the figures a design review asks for, each lane over the
 * same 100 ms of simulated time (the live verdict's window), with Δ against the baseline
 * in the difference view.
 */
export function SummaryTable({
  lanes,
  commonNs,
  baseline,
  difference,
  laneKind = 'Architecture',
}: SummaryTableProps) {
  const titleId = useId();
  const noteId = useId();
  const rows = lanes.map((lane) => ({
    lane,
    figures: figuresOf(lane.verdict, lane.throughputMbps, lane.cardMemoryPeak),
  }));
  const base = rows.find((r) => r.lane.id === baseline)?.figures ?? null;
  const interval = rows.find((r) => r.lane.verdict)?.lane.verdict;
  const t = (ns: number) => (ns / 1e9).toFixed(3);
  return (
    <section className="panel cmp-summary" aria-labelledby={titleId}>
      <div className="panel__head">
        <h3 className="panel__title" id={titleId}>
          Summary
        </h3>
        <span className="muted">same scenario and seed in every lane</span>
      </div>
      <table className="cmp-table" aria-labelledby={titleId} aria-describedby={noteId}>
        <thead>
          <tr>
            <th scope="col">{laneKind}</th>
            {SUMMARY_COLUMNS.map((c) => (
              <th scope="col" key={c.key} className="num">
                {c.header}
              </th>
            ))}
            <th scope="col">Bottleneck</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ lane, figures }) => (
            <SummaryRow
              key={lane.id}
              lane={lane}
              figures={figures}
              base={difference && lane.id !== baseline ? base : null}
              isBaseline={difference && lane.id === baseline}
              commonNs={commonNs}
            />
          ))}
        </tbody>
      </table>
      <p className="muted cmp-note" id={noteId}>
        Throughput, CPU utilisation, copies and the bottleneck are measured over the same interval
        of simulated time in every lane: the last ≈100 ms
        {interval ? ` (${t(interval.fromNs)}–${t(interval.toNs)} s)` : ''}. Card memory is the peak
        since t = 0. The bottleneck is the resource that limits throughput in that interval.
        {difference ? ` Small print under each figure: Δ against ${baseline}.` : ''}
      </p>
    </section>
  );
}

function SummaryRow({
  lane,
  figures,
  base,
  isBaseline,
  commonNs,
}: {
  lane: LaneSnapshot;
  figures: SummaryFigures;
  base: SummaryFigures | null;
  isBaseline: boolean;
  commonNs: number;
}) {
  const resource = bottleneckResource(figures);
  return (
    <tr className={`cmp-row cmp-row--${lane.state.kind}`}>
      <th scope="row">
        <span
          className="cmp-swatch cmp-swatch--line"
          style={{ background: lane.color }}
          aria-hidden="true"
        />
        {lane.label}
        {isBaseline && <span className="cmp-tag">baseline</span>}
        <LaneState lane={lane} commonNs={commonNs} />
      </th>
      {SUMMARY_COLUMNS.map((c) => {
        const delta = base ? deltaText(c, figures[c.key], base[c.key]) : null;
        return (
          <td key={c.key} className="num">
            <span className="cmp-value">{cellText(c, figures[c.key])}</span>
            {delta && <span className="cmp-delta">{delta}</span>}
          </td>
        );
      })}
      <td>
        {resource && (
          <span
            className="cmp-chip"
            style={{ background: RESOURCE_COLORS[resource] }}
            aria-hidden="true"
          />
        )}
        <span className="cmp-bottleneck">{bottleneckText(figures)}</span>
        {base && base.bottleneck !== null && figures.bottleneck !== null && (
          <span className="cmp-delta">
            {base.bottleneck === figures.bottleneck ? 'same as baseline' : 'differs from baseline'}
          </span>
        )}
      </td>
    </tr>
  );
}

/** Anything but a lane in step: loading, catching up, failed or refused. */
function LaneState({ lane, commonNs }: { lane: LaneSnapshot; commonNs: number }) {
  switch (lane.state.kind) {
    case 'loading':
      return <span className="cmp-state">loading…</span>;
    case 'failed':
      return <span className="cmp-state cmp-state--bad">failed</span>;
    case 'refused':
      return <span className="cmp-state cmp-state--bad">refused</span>;
    case 'running':
      return lane.nowNs < commonNs ? (
        <span className="cmp-state">catching up, t = {(lane.nowNs / 1e9).toFixed(3)} s</span>
      ) : null;
  }
}
