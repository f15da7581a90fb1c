import { ArchitecturePicker } from '../controls/ArchitecturePicker.tsx';
import { ScenarioPicker } from '../controls/ScenarioPicker.tsx';
import { Transport } from '../controls/Transport.tsx';

/** Scenario, architecture, transport and simulated time, always in view. */
export function Header() {
  return (
    <header className="app-header">
      <h1>Offload Lab</h1>
      <ScenarioPicker />
      <ArchitecturePicker />
      <Transport />
    </header>
  );
}
