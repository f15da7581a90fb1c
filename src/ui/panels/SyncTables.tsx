import { useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { scaleLinear } from 'd3';
import { panelSvg } from '../charts/chart-export.ts';
import { ExportButtons } from '../charts/ExportButtons.tsx';
import { fileStem } from '../export/download.ts';
import { fmt, SYNC_STATUS_COLORS, SYNC_STATUS_LABELS } from '../theme.ts';
import type { ArchitectureId, SyncStatus } from '../theme.ts';
import { hasShadowTables } from './placement.ts';
import { timelineSpans } from './sync-timeline.ts';
import type { SyncSegment } from './sync-timeline.ts';
import './panels.css';

export type { SyncSegment } from './sync-timeline.ts';

export interface HostArpEntry {
  ip: string;
  /** null while unresolved (INCOMPLETE) or after deletion. */
  mac: string | null;
  /** Linux neighbour state: INCOMPLETE, REACHABLE, STALE, DELAY, PROBE, FAILED. */
  state: string;
  port?: number;
}

export interface CardArpEntry {
  ip: string;
  mac: string | null;
  status: SyncStatus;
}

export interface SyncTimeline {
  ip: string;
  /** Status changes in time order; each lasts until the next one (the last until now). */
  segments: readonly SyncSegment[];
}

export interface SyncTablesProps {
  architecture: ArchitectureId;
  /** DESIGN.md §5 `sync.strategy`, shown in the heading. */
  strategy?: string;
  host: readonly HostArpEntry[];
  /** The card's shadow entries; null = not modelled yet. */
  card: readonly CardArpEntry[] | null;
  timelines?: readonly SyncTimeline[];
  /** Current simulated time, integer ns: the right edge of the timelines. */
  nowNs: number;
  /** Controls placed in the heading row, e.g. buttons that fire scenario events. */
  actions?: ReactNode;
}

const STATUSES: readonly SyncStatus[] = ['in-sync', 'stale', 'missing', 'card-only'];

/**
 * Q4 of DESIGN.md §1: the host's neighbour table beside the card's shadow copy, each
 * card entry labelled in sync / stale / missing in words and colour, and a strip per entry
 * showing its status over simulated time.
 */
export function SyncTables({
  architecture,
  strategy,
  host,
  card,
  timelines = [],
  nowNs,
  actions,
}: SyncTablesProps) {
  const headingId = useId();
  const patternId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const shadow = hasShadowTables(architecture);
  const charted = shadow && card !== null;
  // The tables are text; the export is the chart under them, the status timelines.
  const buildSvg = () => {
    const timeline = sectionRef.current?.querySelector<SVGSVGElement>('.sync__timeline svg');
    if (!timeline) return null;
    return panelSvg({
      title: 'Card ARP entries: status over simulated time',
      note: `${architecture}${strategy ? `, sync: ${strategy}` : ''}`,
      drawings: [timeline],
      legend: STATUSES.map((st) => ({
        label: SYNC_STATUS_LABELS[st],
        color: SYNC_STATUS_COLORS[st],
        swatch: 'box' as const,
      })),
      footnote: 'hatched = disagrees with host',
      description: timeline.getAttribute('aria-label') ?? '',
    });
  };
  return (
    <section className="panel sync" aria-labelledby={headingId} ref={sectionRef}>
      <div className="panel__head">
        <h2 className="panel__title" id={headingId}>
          ARP &amp; routes: host │ card
          {shadow && strategy && <span className="panel__unit"> (sync: {strategy})</span>}
        </h2>
        {(actions || charted) && (
          <div className="panel__actions">
            {actions}
            {charted && (
              <ExportButtons
                name="ARP sync timeline"
                stem={fileStem(`arp-sync-timeline ${architecture}`)}
                build={buildSvg}
              />
            )}
          </div>
        )}
      </div>
      <div className="sync__tables">
        <table className="arp" aria-label="Host ARP table">
          <caption>host</caption>
          <thead>
            <tr>
              <th scope="col">IP</th>
              <th scope="col">MAC</th>
              <th scope="col">state</th>
            </tr>
          </thead>
          <tbody>
            {host.length === 0 && (
              <tr>
                <td colSpan={3} className="muted">
                  no entries
                </td>
              </tr>
            )}
            {host.map((e) => (
              <tr key={e.ip}>
                <td className="mono">{e.ip}</td>
                <td className="mono">{e.mac ?? '—'}</td>
                <td>{e.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!shadow ? (
          <p className="not-modelled sync__none">
            No shadow state for this architecture: {architecture} keeps ARP and routes on the host.
          </p>
        ) : card === null ? (
          <p className="not-modelled sync__none">Card table: not modelled yet</p>
        ) : (
          <table className="arp" aria-label="Card ARP table">
            <caption>card (shadow copy)</caption>
            <thead>
              <tr>
                <th scope="col">IP</th>
                <th scope="col">MAC</th>
                <th scope="col">status</th>
              </tr>
            </thead>
            <tbody>
              {card.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    no entries
                  </td>
                </tr>
              )}
              {card.map((e) => (
                <tr key={e.ip} className={`sync-row sync-row--${e.status}`}>
                  <td className="mono">{e.ip}</td>
                  <td className="mono">{e.mac ?? '—'}</td>
                  <td>
                    <StatusTag status={e.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {charted && <Timelines timelines={timelines} nowNs={nowNs} patternId={patternId} />}
    </section>
  );
}

function StatusTag({ status }: { status: SyncStatus }) {
  return (
    <span className={`status-tag status-tag--${status}`}>
      <span
        className="swatch"
        style={{ background: SYNC_STATUS_COLORS[status] }}
        aria-hidden="true"
      />
      {SYNC_STATUS_LABELS[status]}
    </span>
  );
}

const LABEL_W = 92;
const STRIP_W = 360;
const ROW_H = 14;

function Timelines({
  timelines,
  nowNs,
  patternId,
}: {
  timelines: readonly SyncTimeline[];
  nowNs: number;
  patternId: string;
}) {
  const endS = Math.max(nowNs / 1e9, 1e-3);
  const x = scaleLinear()
    .domain([0, endS])
    .range([LABEL_W, LABEL_W + STRIP_W]);
  const height = timelines.length * (ROW_H + 4) + 18;
  return (
    <div className="sync__timeline">
      <svg
        viewBox={`0 0 ${LABEL_W + STRIP_W + 8} ${height}`}
        role="img"
        aria-label={`Card entry status over simulated time, 0 to ${fmt.seconds(endS)}. ${timelines
          .map(
            (tl) =>
              `${tl.ip}: ${timelineSpans(tl.segments, nowNs)
                .map((s) => `${SYNC_STATUS_LABELS[s.status]} from ${fmt.seconds(s.fromNs / 1e9)}`)
                .join(', ')}`,
          )
          .join('; ')}`}
      >
        <defs>
          <pattern
            id={patternId}
            width="5"
            height="5"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <line x1="0" y1="0" x2="0" y2="5" stroke="#ffffff" strokeWidth="1.6" />
          </pattern>
        </defs>
        {timelines.map((tl, row) => {
          const y = row * (ROW_H + 4);
          return (
            <g key={tl.ip}>
              <text x={0} y={y + ROW_H - 3} className="mono t-small">
                {tl.ip}
              </text>
              {timelineSpans(tl.segments, nowNs).map((s) => (
                <g key={s.fromNs}>
                  <rect
                    x={x(s.fromNs / 1e9)}
                    y={y}
                    width={Math.max(1, x(s.toNs / 1e9) - x(s.fromNs / 1e9))}
                    height={ROW_H}
                    fill={SYNC_STATUS_COLORS[s.status]}
                  >
                    <title>{`${tl.ip} ${SYNC_STATUS_LABELS[s.status]} ${fmt.seconds(s.fromNs / 1e9)}–${fmt.seconds(s.toNs / 1e9)}`}</title>
                  </rect>
                  {s.status !== 'in-sync' && (
                    <rect
                      x={x(s.fromNs / 1e9)}
                      y={y}
                      width={Math.max(1, x(s.toNs / 1e9) - x(s.fromNs / 1e9))}
                      height={ROW_H}
                      fill={`url(#${patternId})`}
                      pointerEvents="none"
                    />
                  )}
                </g>
              ))}
            </g>
          );
        })}
        {x.ticks(4).map((t) => (
          <text
            key={t}
            x={x(t)}
            y={height - 4}
            textAnchor="middle"
            className="t-small muted-fill"
          >{`${t} s`}</text>
        ))}
      </svg>
      <ul className="sync__legend" aria-label="Status legend">
        {STATUSES.map((s) => (
          <li key={s}>
            <StatusTag status={s} />
          </li>
        ))}
        <li className="muted">hatched = disagrees with host</li>
      </ul>
    </div>
  );
}
