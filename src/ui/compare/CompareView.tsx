/** Two to five architectures on the same scenario and seed, side by side. */
export function CompareView() {
  return (
    <main className="view compare-view" aria-label="Compare architectures">
      <h2>Compare</h2>
    </main>
  );
}
