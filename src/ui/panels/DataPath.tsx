import { useId, useRef } from 'react';
import { panelSvg } from '../charts/chart-export.ts';
import { ExportButtons } from '../charts/ExportButtons.tsx';
import { fileStem } from '../export/download.ts';
import { ARCHITECTURE_COLORS, fmt, INK, OKABE_ITO, RESOURCE_LABELS } from '../theme.ts';
import type { ArchitectureId, ResourceId } from '../theme.ts';
import { cpuCopies, functionsAt, tcpipSite } from './placement.ts';
import {
  bottleneckText,
  utilisationColor,
  utilisationInk,
  type BottleneckId,
  type Utilisation,
} from './utilisation.ts';
import {
  deepestQueues,
  QUEUES,
  queueText,
  type PortQueueReadings,
  type QueueReading,
} from './queues.ts';
import { UtilisationLegend } from './UtilisationLegend.tsx';
import './panels.css';

export interface DataPathProps {
  architecture: ArchitectureId;
  /** Fractions 0–1 per resource; null (or a missing key) = not modelled yet. */
  utilisation: Utilisation | null;
  /** Wire utilisation per port (0–1), drawn as one cell per port. */
  portUtilisation?: readonly (number | null)[];
  /** Number of NIC ports when `portUtilisation` is not given (default 4). */
  ports?: number;
  /** The simulator's verdict; when omitted the busiest resource is named. */
  bottleneck?: BottleneckId | null;
  /** Said instead of the bottleneck while there is nothing to judge yet (e.g. at t = 0). */
  waiting?: string;
  /** Per port, each queue's mean depth over the verdict's window; null = not measured yet. */
  queues?: readonly PortQueueReadings[] | null;
}

type StageId = 'app' | 'socket' | 'tcpip' | 'driver' | 'pcix' | 'engine' | 'ports' | 'wire';

interface Stage {
  id: StageId;
  label: string;
  where: string;
  resource: ResourceId;
}

const BOX_W = 108;
const GAP = 16;
const X0 = 8;
const BOX_Y = 34;
const BOX_H = 62;
const BAND_Y = BOX_Y + BOX_H + 8;
const BAND_H = 18;
const QUEUE_Y = BAND_Y + BAND_H + 6;
const QUEUE_LINE = 15;
const VIEW_W = X0 * 2 + 8 * BOX_W + 7 * GAP;
const VIEW_H = QUEUE_Y + 3 * QUEUE_LINE + 4;

const boxX = (i: number): number => X0 + i * (BOX_W + GAP);
/** The named bottleneck's badge colour (panels.css .bottleneck--named). */
const BOTTLENECK_RED = '#b30000';

function stagesFor(arch: ArchitectureId): Stage[] {
  const tcpip = tcpipSite(arch);
  return [
    { id: 'app', label: 'application', where: 'host CPU', resource: 'host-cpu' },
    { id: 'socket', label: 'socket', where: 'host CPU', resource: 'host-cpu' },
    {
      id: 'tcpip',
      label: 'TCP/IP',
      where: tcpip === 'host' ? 'host CPU' : tcpip === 'card' ? 'card' : 'host + card',
      resource: tcpip === 'card' ? 'nic-engine' : 'host-cpu',
    },
    { id: 'driver', label: 'driver', where: 'host CPU', resource: 'host-cpu' },
    { id: 'pcix', label: 'PCI-X', where: 'bus', resource: 'pci-bus' },
    { id: 'engine', label: 'NIC engine', where: 'card', resource: 'nic-engine' },
    { id: 'ports', label: 'ports', where: 'card MACs', resource: 'wire' },
    { id: 'wire', label: 'wire', where: 'links', resource: 'wire' },
  ];
}

/**
 * The spine of the page (DESIGN.md §9): application → … → wire, each box saying where it
 * runs for the chosen architecture and coloured by the utilisation of the resource it
 * uses, CPU copies marked on the application–socket edge, the bottleneck named in words.
 * Plain React: it changes when the architecture or a utilisation changes, a few times a
 * second at most.
 */
export function DataPath({
  architecture,
  utilisation,
  portUtilisation,
  ports,
  bottleneck,
  waiting,
  queues,
}: DataPathProps) {
  const headingId = useId();
  const stages = stagesFor(architecture);
  const u = utilisation ?? {};
  const verdict =
    waiting !== undefined && utilisation === null && !bottleneck
      ? { id: null, text: waiting }
      : bottleneckText(bottleneck, utilisation);
  const copies = cpuCopies(architecture);
  const portCount = portUtilisation?.length ?? ports ?? 4;
  const onHost = functionsAt(architecture, 'host');
  const onCard = functionsAt(architecture, 'card');
  const avoided = functionsAt(architecture, 'none');
  const deepest = queues ? deepestQueues(queues) : null;
  const queueDescription = deepest
    ? `. Queues, mean over the last 100 ms on the deepest port: ${QUEUES.map(
        (q) => `${q.label} ${queueText(deepest[q.id], q.bytes)} (port ${deepest[q.id].port})`,
      ).join(', ')}`
    : '';
  const description =
    stages.map((s) => `${s.label}: ${s.where}, ${utilText(s.resource, u[s.resource])}`).join('; ') +
    `; ${utilText('nic-dma', u['nic-dma'])}` +
    queueDescription;
  const named = Boolean(verdict.id && verdict.id !== 'none');
  const sectionRef = useRef<HTMLElement>(null);
  const diagramRef = useRef<SVGSVGElement>(null);
  const buildSvg = () => {
    const diagram = diagramRef.current;
    if (!diagram) return null;
    const key = sectionRef.current?.querySelector<SVGSVGElement>('.util-legend svg');
    return panelSvg({
      title: 'Data path',
      note: architecture,
      headline: { text: verdict.text, color: named ? BOTTLENECK_RED : INK.muted },
      drawings: key ? [diagram, key] : [diagram],
      legend: [{ label: 'not modelled', color: utilisationColor(null), swatch: 'box' }],
      description: `Data path for ${architecture}. ${description}. ${verdict.text}`,
    });
  };

  return (
    <section className="panel data-path" aria-labelledby={headingId} ref={sectionRef}>
      <div className="panel__head">
        <h2 className="panel__title" id={headingId}>
          Data path{' '}
          <span className="arch-chip" style={{ borderColor: ARCHITECTURE_COLORS[architecture] }}>
            {architecture}
          </span>
        </h2>
        <div className="panel__tools">
          <p className={`bottleneck${named ? ' bottleneck--named' : ''}`}>{verdict.text}</p>
          <ExportButtons
            name="Data path"
            stem={fileStem(`data-path ${architecture}`)}
            build={buildSvg}
          />
        </div>
      </div>
      <svg
        ref={diagramRef}
        className="data-path__svg"
        viewBox={`0 0 ${VIEW_W} ${VIEW_H}`}
        role="img"
        aria-label={`Data path for ${architecture}. ${description}. ${verdict.text}`}
      >
        <defs>
          <marker
            id={`${headingId}-arrow`}
            viewBox="0 0 8 8"
            refX="7"
            refY="4"
            markerWidth="8"
            markerHeight="8"
            markerUnits="userSpaceOnUse"
            orient="auto"
          >
            <path d="M0,0 L8,4 L0,8 z" fill="#5f6368" />
          </marker>
        </defs>
        <LaneLabel x={boxX(0)} w={4 * BOX_W + 3 * GAP} text="HOST" />
        <LaneLabel x={boxX(4)} w={BOX_W} text="BUS" />
        <LaneLabel x={boxX(5)} w={2 * BOX_W + GAP} text="CARD" />
        <LaneLabel x={boxX(7)} w={BOX_W} text="NETWORK" />
        {stages.slice(1).map((s, i) => {
          const copy = s.id === 'socket' && copies.tx + copies.rx > 0;
          return (
            <line
              key={`edge-${s.id}`}
              x1={boxX(i) + BOX_W + 1}
              x2={boxX(i + 1) - 2}
              y1={BOX_Y + BOX_H / 2}
              y2={BOX_Y + BOX_H / 2}
              stroke={copy ? OKABE_ITO.vermillion : '#5f6368'}
              strokeWidth={copy ? 3 : 1.5}
              markerEnd={`url(#${headingId}-arrow)`}
            />
          );
        })}
        {stages.map((s, i) => (
          <StageBox
            key={s.id}
            stage={s}
            x={boxX(i)}
            value={u[s.resource]}
            isBottleneck={verdict.id === s.resource && s.id !== 'ports'}
            portCount={s.id === 'ports' ? portCount : 0}
            portUtilisation={portUtilisation}
          />
        ))}
        <Band
          x={boxX(1)}
          w={3 * BOX_W + 2 * GAP}
          label="memory bus"
          value={u['memory-bus']}
          isBottleneck={verdict.id === 'memory-bus'}
        />
        <Band
          x={boxX(5)}
          w={BOX_W}
          label="card memory"
          value={u['card-memory']}
          isBottleneck={verdict.id === 'card-memory'}
        />
        <text
          className="data-path__copy"
          x={boxX(1) - GAP / 2}
          y={BOX_Y - 4}
          textAnchor="middle"
          fill={copies.tx + copies.rx > 0 ? OKABE_ITO.vermillion : OKABE_ITO.bluishGreen}
        >
          {copies.tx + copies.rx > 0
            ? `CPU copy: TX ${copies.tx} · RX ${copies.rx}`
            : 'no CPU copy (DMA)'}
        </text>
        <Band
          x={boxX(4)}
          w={BOX_W}
          label="DMA engine"
          value={u['nic-dma']}
          isBottleneck={verdict.id === 'nic-dma'}
        />
        {deepest &&
          QUEUES.map((q) => {
            const row = QUEUES.filter((o) => o.stage === q.stage).indexOf(q);
            return (
              <QueueCell
                key={q.id}
                x={boxX(q.stage)}
                w={q.stages * BOX_W + (q.stages - 1) * GAP}
                y={QUEUE_Y + row * QUEUE_LINE}
                label={q.label}
                text={queueText(deepest[q.id], q.bytes)}
                reading={deepest[q.id]}
              />
            );
          })}
      </svg>
      <div className="data-path__foot">
        <dl className="placement">
          <dt>On host CPU</dt>
          <dd>{listOf(onHost)}</dd>
          <dt>On card</dt>
          <dd>{listOf(onCard)}</dd>
          {avoided.length > 0 && (
            <>
              <dt>Avoided</dt>
              <dd>{listOf(avoided)}</dd>
            </>
          )}
        </dl>
        <UtilisationLegend />
      </div>
    </section>
  );
}

function listOf(items: ReturnType<typeof functionsAt>): string {
  if (items.length === 0) return '—';
  return items.map((f) => `${f.info.label} (${f.placement.detail})`).join(' · ');
}

function utilText(resource: ResourceId, value: number | null | undefined): string {
  return value === null || value === undefined
    ? `${RESOURCE_LABELS[resource]} not modelled yet`
    : `${RESOURCE_LABELS[resource]} ${fmt.percent(value)}`;
}

function LaneLabel({ x, w, text }: { x: number; w: number; text: string }) {
  return (
    <g className="data-path__lane">
      <line x1={x} x2={x + w} y1={BOX_Y - 16} y2={BOX_Y - 16} />
      <text x={x} y={BOX_Y - 19}>
        {text}
      </text>
    </g>
  );
}

interface StageBoxProps {
  stage: Stage;
  x: number;
  value: number | null | undefined;
  isBottleneck: boolean;
  portCount: number;
  portUtilisation: readonly (number | null)[] | undefined;
}

function StageBox({ stage, x, value, isBottleneck, portCount, portUtilisation }: StageBoxProps) {
  const known = value !== null && value !== undefined;
  const ink = utilisationInk(value);
  const cellW = portCount > 0 ? (BOX_W - 12) / portCount : 0;
  return (
    <g className={`data-path__box${isBottleneck ? ' data-path__box--bottleneck' : ''}`}>
      <rect
        x={x}
        y={BOX_Y}
        width={BOX_W}
        height={BOX_H}
        rx={4}
        fill={utilisationColor(value)}
        stroke={isBottleneck ? '#000' : '#9aa0a6'}
        strokeWidth={isBottleneck ? 3 : 1}
        strokeDasharray={known ? undefined : '4 3'}
      />
      <text x={x + BOX_W / 2} y={BOX_Y + 16} textAnchor="middle" fill={ink} className="t-name">
        {stage.label}
      </text>
      <text x={x + BOX_W / 2} y={BOX_Y + 30} textAnchor="middle" fill={ink} className="t-where">
        {stage.where}
      </text>
      {portCount > 0 ? (
        Array.from({ length: portCount }, (_, p) => {
          const pu = portUtilisation?.[p] ?? null;
          return (
            <g key={p}>
              <rect
                x={x + 6 + p * cellW + 1}
                y={BOX_Y + 38}
                width={Math.max(2, cellW - 2)}
                height={16}
                fill={utilisationColor(pu)}
                stroke="#5f6368"
                strokeWidth={0.5}
              >
                <title>{`port ${p}: ${pu === null ? 'not modelled yet' : fmt.percent(pu)}`}</title>
              </rect>
              {cellW >= 18 && (
                <text
                  x={x + 6 + p * cellW + cellW / 2}
                  y={BOX_Y + 50}
                  textAnchor="middle"
                  className="t-port"
                  fill={utilisationInk(pu)}
                >
                  {p}
                </text>
              )}
            </g>
          );
        })
      ) : (
        <text x={x + BOX_W / 2} y={BOX_Y + 50} textAnchor="middle" fill={ink} className="t-util">
          {known ? fmt.percent(value) : 'not modelled'}
        </text>
      )}
    </g>
  );
}

interface QueueCellProps {
  x: number;
  w: number;
  y: number;
  label: string;
  text: string;
  reading: QueueReading & { port: number };
}

/** One queue under its stage: a fill bar (mean over capacity) and the figures. */
function QueueCell({ x, w, y, label, text, reading }: QueueCellProps) {
  const fill =
    reading.mean !== null && reading.capacity ? Math.min(1, reading.mean / reading.capacity) : 0;
  return (
    <g className="data-path__queue">
      <rect x={x} y={y + QUEUE_LINE - 5} width={w} height={3} fill="#e8eaed" />
      <rect
        x={x}
        y={y + QUEUE_LINE - 5}
        width={w * fill}
        height={3}
        fill={utilisationColor(fill)}
      />
      <text x={x} y={y + QUEUE_LINE - 7} className="t-queue">
        {label} {text}
      </text>
      <title>{`${label}: mean ${text} over the last 100 ms (port ${reading.port}, the deepest)`}</title>
    </g>
  );
}

interface BandProps {
  x: number;
  w: number;
  label: string;
  value: number | null | undefined;
  isBottleneck: boolean;
}

function Band({ x, w, label, value, isBottleneck }: BandProps) {
  const known = value !== null && value !== undefined;
  return (
    <g className="data-path__band">
      <rect
        x={x}
        y={BAND_Y}
        width={w}
        height={BAND_H}
        rx={3}
        fill={utilisationColor(value)}
        stroke={isBottleneck ? '#000' : '#9aa0a6'}
        strokeWidth={isBottleneck ? 3 : 1}
        strokeDasharray={known ? undefined : '4 3'}
      />
      <text
        x={x + w / 2}
        y={BAND_Y + 13}
        textAnchor="middle"
        fill={utilisationInk(value)}
        className="t-band"
      >
        {known ? `${label} ${fmt.percent(value)}` : w >= 200 ? `${label} not modelled yet` : label}
      </text>
      <title>{`${label}: ${known ? fmt.percent(value) : 'not modelled yet'}`}</title>
    </g>
  );
}
