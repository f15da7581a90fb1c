/** The guided walkthrough beside the lab: a story's current step, next and back. */
export function StoryGuide() {
  return (
    <section className="panel story-guide" aria-label="Walkthrough">
      <h2>Walkthroughs</h2>
    </section>
  );
}
