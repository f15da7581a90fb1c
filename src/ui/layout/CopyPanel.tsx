import { CopyLedger } from '../panels/CopyLedger.tsx';
import type { SeriesGroup } from '../../protocol/messages.ts';
import { useLab } from '../state/store.ts';
import type { ArchitectureId } from '../theme.ts';
import { GroupChart } from './GroupChart.tsx';

const COPY_GROUPS: readonly SeriesGroup[] = ['copies'];

/**
 * Q2: the copy ledger over the last 100 ms of simulated time (the worker's verdict), with
 * the same scenario's host-stack figures as the marker once the worker has measured them,
 * and the three figures over time below.
 */
export function CopyPanel() {
  const architecture = useLab((s) => s.scenario?.architecture) as ArchitectureId | undefined;
  const copies = useLab((s) => s.verdict?.copies ?? null);
  const reference = useLab((s) => s.reference);
  return (
    <div className="chart-block">
      <CopyLedger
        copies={
          copies ?? {
            cpuCopiesPerByte: null,
            memoryBusBytesPerByte: null,
            pciBytesPerByte: null,
          }
        }
        reference={reference}
        referenceLabel="host-stack"
        architecture={architecture}
        nullText="— (no payload yet)"
      />
      <GroupChart
        title="Copies per payload byte over time"
        info="copies"
        unit="B/B"
        groups={COPY_GROUPS}
        height={90}
        emptyText="press play to start the simulation"
        placeholder={null}
      />
    </div>
  );
}
