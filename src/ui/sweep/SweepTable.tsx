import { format } from 'd3';
import { useLab } from '../state/store.ts';
import { ARCHITECTURE_COLORS } from '../theme.ts';
import { bottleneckLabel } from './sweep-chart-model.ts';
import { valueText } from './sweep-plan.ts';
import type { PointState, SweepRun } from './sweep-run.ts';

const mbps = format(',.1f');
const percent = format('.1f');
const perByte = format('.2f');

const STATE_TEXT: Readonly<Record<Exclude<PointState, 'done'>, string>> = {
  queued: 'queued',
  running: 'running',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** Every point with its exact figures (what the chart shows, readable and testable). */
export function SweepTable() {
  const run = useLab((s) => s.sweepRun);
  if (!run) return null;
  const { parameter } = run.plan;
  const unit = parameter.unit ? ` (${parameter.unit})` : '';
  const numeric = parameter.choices === undefined;
  return (
    <div className="sweep-table-wrap">
      <table className="sweep-table" aria-label="Sweep results">
        <thead>
          <tr>
            <th scope="col" className={numeric ? 'num' : undefined}>
              {parameter.label}
              {unit}
            </th>
            <th scope="col">Architecture</th>
            <th scope="col" className="num">
              Goodput (Mbit/s)
            </th>
            <th scope="col" className="num">
              CPU (%)
            </th>
            <th scope="col" className="num">
              Copies/B
            </th>
            <th scope="col">Bottleneck</th>
          </tr>
        </thead>
        <tbody>
          {run.plan.points.map((point, i) => (
            <tr key={`${run.id}-${point.job}`} className={`sweep-row sweep-row--${run.states[i]}`}>
              <td className={numeric ? 'num' : undefined}>{valueText(point.value)}</td>
              <td>
                <span
                  className="sweep-swatch"
                  style={{ background: ARCHITECTURE_COLORS[point.architecture] }}
                  aria-hidden="true"
                />
                {point.architecture}
              </td>
              <Figures run={run} index={i} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Figures({ run, index }: { run: SweepRun; index: number }) {
  const outcome = run.outcomes[index];
  const state = run.states[index] ?? 'queued';
  if (!outcome || state !== 'done') {
    const ms = run.simulatedMs[index] ?? 0;
    const progress =
      state === 'running' ? ` ${Math.floor((ms / run.plan.durationMs) * 100)} %` : '';
    const error = state === 'failed' ? `: ${run.errors[index] ?? ''}` : '';
    return (
      <td colSpan={4} className={`sweep-row__state sweep-row__state--${state}`}>
        {STATE_TEXT[state as Exclude<PointState, 'done'>]}
        {progress}
        {error}
      </td>
    );
  }
  const m = outcome.metrics;
  return (
    <>
      <td className="num">{mbps(m.goodputMbps)}</td>
      <td className="num">{m.cpuUtilization === null ? '—' : percent(m.cpuUtilization * 100)}</td>
      <td className="num">{m.cpuCopiesPerByte === null ? '—' : perByte(m.cpuCopiesPerByte)}</td>
      <td>{bottleneckLabel(m.bottleneck)}</td>
    </>
  );
}
