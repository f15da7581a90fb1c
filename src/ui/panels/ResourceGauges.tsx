import { useId } from 'react';
import { fmt, RESOURCE_COLORS, RESOURCE_LABELS } from '../theme.ts';
import type { ResourceId } from '../theme.ts';
import { utilisationColor } from './utilisation.ts';
import './panels.css';

export interface GaugeReading {
  /** Fraction 0–1; null = not modelled yet. */
  utilisation: number | null;
  /** Fraction 0–1 of useful work (PCI-X: payload clocks / all clocks); omitted when meaningless. */
  efficiency?: number | null;
  /** A short extra line, e.g. "12.3 MB of 64 MB" for card memory. */
  detail?: string;
}

export type GaugeResource = 'pci-bus' | 'memory-bus' | 'nic-engine' | 'card-memory' | 'host-cpu';

export const GAUGE_ORDER: readonly GaugeResource[] = [
  'pci-bus',
  'memory-bus',
  'nic-engine',
  'card-memory',
  'host-cpu',
];

export interface ResourceGaugesProps {
  /** One reading per resource; a missing key or null shows "not modelled yet". */
  readings: Partial<Record<GaugeResource, GaugeReading | null>> | null;
  title?: string;
}

/** Utilisation (and efficiency where it means something) of the shared resources. */
export function ResourceGauges({ readings, title = 'Resources' }: ResourceGaugesProps) {
  const headingId = useId();
  return (
    <section className="panel gauges" aria-labelledby={headingId}>
      <div className="panel__head">
        <h2 className="panel__title" id={headingId}>
          {title} <span className="panel__unit">(utilisation %, efficiency %)</span>
        </h2>
      </div>
      <ul className="gauges__list">
        {GAUGE_ORDER.map((id) => (
          <Gauge key={id} id={id} reading={readings?.[id] ?? null} />
        ))}
      </ul>
    </section>
  );
}

function Gauge({ id, reading }: { id: ResourceId; reading: GaugeReading | null }) {
  const label = RESOURCE_LABELS[id];
  const u = reading?.utilisation ?? null;
  const e = reading?.efficiency;
  return (
    <li className="gauge">
      <span className="gauge__label">
        <span className="swatch" style={{ background: RESOURCE_COLORS[id] }} aria-hidden="true" />
        {label}
      </span>
      {u === null ? (
        <span className="gauge__na">not modelled yet</span>
      ) : (
        <>
          <span
            className="gauge__track"
            role="meter"
            aria-label={`${label} utilisation`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(u * 100)}
            aria-valuetext={fmt.percent(u)}
          >
            <span
              className="gauge__fill"
              style={{
                width: `${Math.min(100, Math.max(0, u * 100))}%`,
                background: utilisationColor(u),
              }}
            />
          </span>
          <span className="gauge__value num">{fmt.percent(u)}</span>
        </>
      )}
      {e !== undefined && (
        <span className="gauge__eff">
          efficiency{' '}
          <strong className="num">{e === null ? 'not modelled yet' : fmt.percent(e)}</strong>
        </span>
      )}
      {reading?.detail && <span className="gauge__detail">{reading.detail}</span>}
    </li>
  );
}
