import { useMemo, type ReactNode } from 'react';
import { TimeSeriesChart } from '../charts/TimeSeriesChart.tsx';
import type { SeriesColumn } from '../charts/series-source.ts';
import type { SeriesGroup, SeriesInfo } from '../../protocol/messages.ts';
import { useLab } from '../state/store.ts';
import { seriesStore } from '../state/series-store.ts';
import { OKABE_ITO } from '../theme.ts';
import { seriesStyle } from './series-style.ts';

const PALETTE = Object.values(OKABE_ITO).filter((c) => c !== OKABE_ITO.yellow);

export interface GroupChartProps {
  /** The chart's id in the model card, for its info button. */
  info?: string;
  title: string;
  unit: string;
  groups: readonly SeriesGroup[];
  stacked?: boolean;
  yMax?: number;
  /** Colour of a series (default: its resource or category colour, else the palette in order). */
  color?: (info: SeriesInfo, index: number) => string;
  /** Shown while the simulator has no series in these groups. */
  placeholder: ReactNode;
  height?: number;
  emptyText?: string;
}

/**
 * A chart of every series the simulator registers in the given groups: the cost model's
 * series appear here as soon as the sampler lists them, with no change to the UI.
 */
export function GroupChart({
  title,
  unit,
  groups,
  stacked,
  yMax,
  color,
  placeholder,
  height,
  emptyText,
  info,
}: GroupChartProps) {
  const session = useLab((s) => s.session);
  const series = useLab((s) => s.series);
  const members = useMemo(() => series.filter((s) => groups.includes(s.group)), [series, groups]);
  const source = useMemo(() => {
    void session;
    if (members.length === 0) return null;
    return seriesStore.view(
      members.map((info, i) => {
        const style = seriesStyle(info);
        const column: SeriesColumn = {
          id: info.id,
          label: info.label,
          unit: info.unit,
          color: color?.(info, i) ?? style?.color ?? PALETTE[i % PALETTE.length]!,
          ...(style?.dash ? { dash: style.dash } : {}),
        };
        return [info.id, column] as const;
      }),
    );
  }, [session, members, color]);
  if (!source) return <>{placeholder}</>;
  return (
    <TimeSeriesChart
      title={title}
      {...(info !== undefined ? { info } : {})}
      unit={unit}
      source={source}
      stacked={stacked}
      yMax={yMax}
      windowSeconds={2}
      height={height}
      emptyText={emptyText}
    />
  );
}
