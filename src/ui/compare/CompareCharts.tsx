import { useMemo } from 'react';
import type { Scenario } from '../../protocol/scenario.ts';
import { TimeSeriesChart, type ReferenceLine } from '../charts/TimeSeriesChart.tsx';
import { fmt, formatterForUnit, INK } from '../theme.ts';
import {
  CompareSource,
  differenceUnit,
  GOODPUT,
  metricsFor,
  wireLimitMbps,
  type CompareMetric,
} from './compare-metrics.ts';
import type { CompareSession } from './compare-session.ts';
import { signedFormat } from './summary.ts';

export interface CompareChartsProps {
  session: CompareSession;
  scenario: Scenario | null;
  baseline: string;
  difference: boolean;
}

/**
 * One chart per metric, one line per architecture in its colour, every chart on the same
 * simulated time axis (up to the time every lane has reached). In the difference view
 * each lane but the baseline is drawn minus the baseline, around a zero line.
 */
export function CompareCharts({ session, scenario, baseline, difference }: CompareChartsProps) {
  const baselineIndex = session.lanes.findIndex((l) => l.spec.id === baseline);
  const diffIndex = difference && baselineIndex >= 0 ? baselineIndex : null;
  return (
    <div className="cmp-charts">
      {metricsFor(scenario).map((metric) => (
        <MetricChart
          key={metric.id}
          session={session}
          metric={metric}
          baselineIndex={diffIndex}
          baseline={baseline}
          wireLimit={metric === GOODPUT && scenario ? wireLimitMbps(scenario) : null}
        />
      ))}
    </div>
  );
}

function MetricChart({
  session,
  metric,
  baselineIndex,
  baseline,
  wireLimit,
}: {
  session: CompareSession;
  metric: CompareMetric;
  baselineIndex: number | null;
  baseline: string;
  wireLimit: number | null;
}) {
  const source = useMemo(
    () =>
      new CompareSource(
        session.lanes,
        metric,
        () => ({ seconds: session.commonSeconds, stamp: session.commonStamp }),
        baselineIndex,
      ),
    [session, metric, baselineIndex],
  );
  const diff = baselineIndex !== null;
  const unit = diff ? differenceUnit(metric).unit : metric.unit;
  const references = useMemo((): ReferenceLine[] => {
    if (diff) {
      const lane = baselineIndex === null ? undefined : session.lanes[baselineIndex];
      return [{ value: 0, label: `${baseline} (baseline)`, color: lane?.spec.color ?? '#000' }];
    }
    if (wireLimit !== null) {
      return [{ value: wireLimit, label: `wire limit ${fmt.mbps(wireLimit)}`, color: INK.text }];
    }
    return [];
  }, [diff, baseline, wireLimit, baselineIndex, session.lanes]);
  return (
    <TimeSeriesChart
      title={diff ? `${metric.short}: Δ vs ${baseline}` : metric.title}
      unit={unit}
      source={source}
      references={references}
      yMax={diff ? undefined : metric.yMax}
      format={diff ? signedFormat(unit) : formatterForUnit(unit)}
      height={170}
      emptyText={diff ? 'no difference to show yet' : 'press Play'}
    />
  );
}
