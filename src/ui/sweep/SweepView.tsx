/** One parameter swept across values, every architecture run headless at each. */
export function SweepView() {
  return (
    <main className="view sweep-view" aria-label="Sweep">
      <h2>Sweep</h2>
    </main>
  );
}
