import { useMemo } from 'react';
import { DataPath } from '../panels/DataPath.tsx';
import type { Utilisation } from '../panels/utilisation.ts';
import type { ArchitectureId } from '../theme.ts';
import { useLab } from '../state/store.ts';

/**
 * The spine of the page, coloured by the worker's verdict over the last 100 ms of
 * simulated time (the results' utilisations and bottleneck rule), a few times a second.
 */
export function PathPanel() {
  const architecture = useLab((s) => s.scenario?.architecture ?? 'host-stack') as ArchitectureId;
  const ports = useLab((s) => s.scenario?.nic.ports ?? 4);
  const verdict = useLab((s) => s.verdict);
  const measured = verdict !== null && verdict.toNs > verdict.fromNs;
  const utilisation = useMemo<Utilisation | null>(
    () =>
      verdict && verdict.toNs > verdict.fromNs
        ? { ...verdict.utilisation, 'tcp-window': verdict.windowLimitedShare }
        : null,
    [verdict],
  );
  return (
    <DataPath
      architecture={architecture}
      utilisation={utilisation}
      portUtilisation={measured ? verdict.portWire : undefined}
      ports={ports}
      bottleneck={measured ? verdict.bottleneck : null}
      waiting="Bottleneck: measured once the simulation runs (press play)"
      queues={measured ? verdict.queues : null}
    />
  );
}
