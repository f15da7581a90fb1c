import { CHART_PARAMETERS, parameterRows } from '../../protocol/model-card.ts';
import { useLab } from '../state/store.ts';

const ROWS = new Map(parameterRows().map((r) => [r.key as string, r]));

/**
 * A chart's info button (issue 13): the cost parameters its figures depend on, each a link
 * to its row in the Model view (default, unit, basis, source).
 */
export function ChartInfo({ chart, title }: { chart: string; title: string }) {
  const showParameter = useLab((s) => s.showParameter);
  const keys = CHART_PARAMETERS[chart] ?? [];
  if (keys.length === 0) return null;
  return (
    <details className="chart-info">
      <summary aria-label={`Parameters behind ${title}`} title="Parameters behind this chart">
        {/* A letter in a drawn circle: "ⓘ" is missing from many system fonts. */}
        <span className="chart-info__icon" aria-hidden="true">
          i
        </span>
      </summary>
      <div className="chart-info__body" role="group" aria-label={`Parameters behind ${title}`}>
        <p>Depends on (defaults; open one for its source):</p>
        <ul>
          {keys.map((key) => {
            const row = ROWS.get(key);
            return (
              <li key={key}>
                <button type="button" className="link-button" onClick={() => showParameter(key)}>
                  {key}
                </button>{' '}
                {row ? `${row.default.toLocaleString('en-US')} ${row.unit} (${row.basis})` : ''}
              </li>
            );
          })}
        </ul>
      </div>
    </details>
  );
}
