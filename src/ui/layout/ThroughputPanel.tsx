import { useMemo } from 'react';
import { portPayloadLimitMbps, throughputColumns } from '../charts/columns.ts';
import { TimeSeriesChart } from '../charts/TimeSeriesChart.tsx';
import { useLab } from '../state/store.ts';
import { seriesStore } from '../state/series-store.ts';
import { PortReadouts } from './PortReadouts.tsx';

/** Seconds of simulated time a scrolling chart shows, by playback speed. */
export function chartWindowSeconds(sampleIntervalNs: number): number {
  // The ring holds 3000 rows; show most of them.
  return Math.max(0.01, (sampleIntervalNs * 2500) / 1e9);
}

/** Per-port TX/RX goodput against the wire's goodput limit, with per-port readouts. */
export function ThroughputPanel() {
  const session = useLab((s) => s.session);
  const scenario = useLab((s) => s.scenario);
  const ports = scenario?.nic.ports ?? 0;
  const source = useMemo(() => {
    void session; // a new session has a new ring
    const columns = throughputColumns(ports);
    return seriesStore.view(
      columns.map((c, i) => [`port${i >> 1}.${i % 2 === 0 ? 'tx' : 'rx'}.goodput`, c] as const),
    );
  }, [session, ports]);
  const references = useMemo(() => {
    if (!scenario) return [];
    const limit = portPayloadLimitMbps(scenario);
    return [{ value: limit, label: `wire limit ${limit.toFixed(1)} Mbit/s per port` }];
  }, [scenario]);
  return (
    <div className="chart-block">
      <TimeSeriesChart
        title="Throughput per port (goodput)"
        info="throughput"
        unit="Mbit/s"
        source={source}
        references={references}
        windowSeconds={2}
        emptyText="press play to start the simulation"
      />
      <PortReadouts ports={ports} />
    </div>
  );
}
