import { useId } from 'react';
import { utilisationColor } from './utilisation.ts';

const STOPS = [0, 0.25, 0.5, 0.75, 1];

/** The key for utilisation colours: a 0–100 % ramp and the "not modelled" swatch. */
export function UtilisationLegend() {
  const gradientId = useId();
  return (
    <figure className="util-legend" aria-label="Utilisation colour scale, 0 to 100 percent">
      <svg width="150" height="26" aria-hidden="true">
        <defs>
          <linearGradient id={gradientId}>
            {STOPS.map((s) => (
              <stop key={s} offset={`${s * 100}%`} stopColor={utilisationColor(s)} />
            ))}
          </linearGradient>
        </defs>
        <rect x="4" y="2" width="140" height="10" fill={`url(#${gradientId})`} stroke="#9aa0a6" />
        {[0, 0.5, 1].map((s) => (
          <text
            key={s}
            x={4 + s * 140}
            y="24"
            textAnchor={s === 0 ? 'start' : s === 1 ? 'end' : 'middle'}
          >
            {`${s * 100} %`}
          </text>
        ))}
      </svg>
      <span className="util-legend__na">
        <svg width="16" height="10" aria-hidden="true">
          <rect
            x="1"
            y="1"
            width="14"
            height="8"
            fill={utilisationColor(null)}
            stroke="#9aa0a6"
            strokeDasharray="3 2"
          />
        </svg>
        not modelled
      </span>
    </figure>
  );
}
