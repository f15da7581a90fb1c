import { DataPath } from '../panels/DataPath.tsx';
import type { ArchitectureId } from '../theme.ts';
import { useLab } from '../state/store.ts';

/**
 * The spine of the page. Utilisation per resource and the bottleneck arrive with the
 * cost model's series; until then the path shows where each function runs and says the
 * bottleneck is not modelled yet.
 */
export function PathPanel() {
  const architecture = useLab((s) => s.scenario?.architecture ?? 'host-stack') as ArchitectureId;
  const ports = useLab((s) => s.scenario?.nic.ports ?? 4);
  return (
    <DataPath architecture={architecture} utilisation={null} ports={ports} bottleneck={null} />
  );
}
