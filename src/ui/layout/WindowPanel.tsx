import { useMemo } from 'react';
import { RTT_COLUMNS, WINDOW_COLUMNS } from '../charts/columns.ts';
import { WindowOccupancy, type ConnectionOption } from '../panels/WindowOccupancy.tsx';
import { useLab } from '../state/store.ts';
import { seriesStore } from '../state/series-store.ts';

/** Which sampler series feeds each window column; card memory waits for the cost model. */
const SERIES_SUFFIX: Readonly<Record<string, string>> = {
  sndbuf: 'sndbuf',
  rcvbuf: 'rcvbuf',
  cwnd: 'cwnd',
  inflight: 'flight',
  cardmem: 'cardmem',
};

/**
 * One connection's buffers, cwnd and bytes in flight, and its smoothed RTT below; the
 * picker lists the sampled connections.
 */
export function WindowPanel() {
  const session = useLab((s) => s.session);
  const series = useLab((s) => s.series);
  const selected = useLab((s) => s.connection);
  const select = useLab((s) => s.selectConnection);

  const connections = useMemo<ConnectionOption[]>(() => {
    const seen = new Map<number, string>();
    for (const s of series) {
      if (s.group !== 'connection-window' || s.connection === undefined) continue;
      if (!seen.has(s.connection))
        seen.set(
          s.connection,
          s.label.replace(/ cwnd$| bytes in flight$| host (send|receive) buffer$/, ''),
        );
    }
    return [...seen].map(([id, label]) => ({ id, label }));
  }, [series]);

  const source = useMemo(() => {
    void session;
    if (connections.length === 0) return null;
    return seriesStore.view(
      WINDOW_COLUMNS.map((c) => [`conn${selected}.${SERIES_SUFFIX[c.id] ?? c.id}`, c] as const),
    );
  }, [session, selected, connections.length]);
  const hasRtt = series.some((s) => s.id === `conn${selected}.srtt`);
  const rttSource = useMemo(() => {
    void session;
    if (!hasRtt) return null;
    return seriesStore.view(RTT_COLUMNS.map((c) => [`conn${selected}.${c.id}`, c] as const));
  }, [session, selected, hasRtt]);
  const linkRttUs = useLab((s) => s.scenario?.link.rttUs);

  return (
    <WindowOccupancy
      connections={connections}
      selected={connections.length ? selected : null}
      onSelect={select}
      source={source}
      windowSeconds={2}
      rttSource={rttSource}
      {...(linkRttUs !== undefined ? { linkRttUs } : {})}
    />
  );
}
