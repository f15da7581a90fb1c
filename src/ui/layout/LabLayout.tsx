import { ResourceGauges } from '../panels/ResourceGauges.tsx';
import { EventButtons } from '../controls/EventButtons.tsx';
import { ParametersPanel } from '../controls/ParametersPanel.tsx';
import type { SeriesGroup } from '../../protocol/messages.ts';
import { CopyPanel } from './CopyPanel.tsx';
import { GroupChart } from './GroupChart.tsx';
import { Header } from './Header.tsx';
import { HealthBanner } from './HealthBanner.tsx';
import { LogPanel } from './LogPanel.tsx';
import { Notice } from './Notice.tsx';
import { PathPanel } from './PathPanel.tsx';
import { Placeholder } from './Placeholder.tsx';
import { SyncPanel } from './SyncPanel.tsx';
import { ThroughputPanel } from './ThroughputPanel.tsx';
import { WindowPanel } from './WindowPanel.tsx';

const CPU_GROUPS: readonly SeriesGroup[] = ['cpu'];
const RESOURCE_GROUPS: readonly SeriesGroup[] = ['host-cpu', 'memory-bus', 'pci-bus', 'card'];

/**
 * DESIGN.md §9: the header; the data path as the spine with the charts hanging off it;
 * the parameters at the side; the event log at the bottom.
 */
export function LabLayout() {
  return (
    <div className="lab">
      <Header />
      <HealthBanner />
      <Notice />
      <main className="lab__main">
        <div className="lab__centre">
          <PathPanel />
          <div className="charts">
            <ThroughputPanel />
            <CopyPanel />
            <GroupChart
              title="CPU time by category"
              unit="%"
              groups={CPU_GROUPS}
              stacked
              yMax={1}
              placeholder={
                <Placeholder
                  title="CPU time by category"
                  will="Stacked: copy, checksum, protocol, interrupt, syscall, driver, sync, as a share of all cores."
                  needs="needs the cost model"
                />
              }
            />
            <WindowPanel />
            <GroupChart
              title="Host CPU, memory bus, PCI-X and card"
              unit="%"
              groups={RESOURCE_GROUPS}
              yMax={1}
              placeholder={<ResourceGauges readings={null} title="PCI-X, memory bus and card" />}
            />
            <SyncPanel />
          </div>
        </div>
        <aside className="lab__side">
          <ParametersPanel />
          <EventButtons />
        </aside>
      </main>
      <LogPanel />
    </div>
  );
}
