import { ARCHITECTURE_SUMMARIES } from './architectures.ts';

/**
 * The app shell. The live lab (simulation in a worker, charts) arrives with issue 4;
 * until then the page says so plainly rather than showing made-up numbers.
 */
export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Offload Lab</h1>
        <p className="tagline">How much of TCP belongs on a multi-port gigabit NIC?</p>
      </header>
      <main>
        <section aria-labelledby="architectures-heading">
          <h2 id="architectures-heading">Architectures</h2>
          <ul className="architectures">
            {ARCHITECTURE_SUMMARIES.map((a) => (
              <li key={a.id}>
                <strong>{a.title}</strong> <code>{a.id}</code>
                <p>{a.summary}</p>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="status-heading" className="status">
          <h2 id="status-heading">Simulation</h2>
          <p>
            The simulator core runs from the command line today:{' '}
            <code>npx offload-lab run 4x1g-bulk-send --pcap out/</code>. The live view in this page
            (the simulation in a Web Worker, drawn as charts) is not built yet, so no figures are
            shown here.
          </p>
        </section>
      </main>
    </div>
  );
}
