import { ArchitecturePicker } from '../controls/ArchitecturePicker.tsx';
import { ScenarioPicker } from '../controls/ScenarioPicker.tsx';
import { Transport } from '../controls/Transport.tsx';
import { ExportMenu } from '../export/ExportMenu.tsx';
import { ShareControls } from '../share/ShareControls.tsx';
import { useLab } from '../state/store.ts';
import { ViewNav } from './ViewNav.tsx';

/**
 * Always in view: the views, and for the lab (and its walkthroughs) the scenario,
 * architecture, transport and simulated time; share, import and export.
 */
export function Header() {
  const view = useLab((s) => s.view);
  const lab = view === 'lab' || view === 'stories';
  return (
    <header className="app-header">
      <h1>Offload Lab</h1>
      {lab && <ScenarioPicker />}
      {lab && <ArchitecturePicker />}
      {lab && <Transport />}
      <ViewNav />
      <ShareControls />
      {lab && <ExportMenu />}
    </header>
  );
}
