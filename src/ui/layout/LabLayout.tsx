import type { ReactNode } from 'react';
import { ResourceGauges } from '../panels/ResourceGauges.tsx';
import { EventButtons } from '../controls/EventButtons.tsx';
import { ParametersPanel } from '../controls/ParametersPanel.tsx';
import { PacketList } from '../packets/PacketList.tsx';
import type { SeriesGroup } from '../../protocol/messages.ts';
import { CopyPanel } from './CopyPanel.tsx';
import { DropsPanel } from './DropsPanel.tsx';
import { GroupChart } from './GroupChart.tsx';
import { LogPanel } from './LogPanel.tsx';
import { PathPanel } from './PathPanel.tsx';
import { Placeholder } from './Placeholder.tsx';
import { SyncPanel } from './SyncPanel.tsx';
import { ThroughputPanel } from './ThroughputPanel.tsx';
import { WindowPanel } from './WindowPanel.tsx';

const CPU_GROUPS: readonly SeriesGroup[] = ['cpu'];
const RESOURCE_GROUPS: readonly SeriesGroup[] = ['host-cpu', 'memory-bus', 'pci-bus', 'card'];

/**
 * The parts of the lab a walkthrough can point at, each wrapped in an element with
 * `data-panel` set to its name.
 */
export const LAB_PANELS = [
  'data-path',
  'throughput',
  'copies',
  'cpu',
  'window',
  'drops',
  'resources',
  'sync',
  'parameters',
  'events',
  'packets',
  'log',
] as const;
export type LabPanel = (typeof LAB_PANELS)[number];

/**
 * DESIGN.md §9: the data path as the spine with the charts hanging off it; the
 * parameters at the side (below a walkthrough's guide, when one is open); the packet
 * list and the event log at the bottom.
 */
export function LabLayout({ guide }: { guide?: ReactNode }) {
  return (
    <>
      <main className="lab__main">
        <div className="lab__centre">
          <div data-panel="data-path">
            <PathPanel />
          </div>
          <div className="charts">
            <div data-panel="throughput">
              <ThroughputPanel />
            </div>
            <div data-panel="copies">
              <CopyPanel />
            </div>
            <div data-panel="cpu">
              <GroupChart
                title="CPU time by category"
                info="cpu"
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
            </div>
            <div data-panel="window">
              <WindowPanel />
            </div>
            <div data-panel="drops">
              <DropsPanel />
            </div>
            <div data-panel="resources">
              <GroupChart
                title="Host CPU, memory bus, PCI-X, DMA engine and card"
                info="buses"
                unit="%"
                groups={RESOURCE_GROUPS}
                yMax={1}
                placeholder={<ResourceGauges readings={null} title="PCI-X, memory bus and card" />}
              />
            </div>
            <div data-panel="sync">
              <SyncPanel />
            </div>
          </div>
        </div>
        <aside className="lab__side">
          {guide}
          <div data-panel="parameters">
            <ParametersPanel />
          </div>
          <div data-panel="events">
            <EventButtons />
          </div>
        </aside>
      </main>
      <div data-panel="packets">
        <PacketList />
      </div>
      <div data-panel="log">
        <LogPanel />
      </div>
    </>
  );
}
