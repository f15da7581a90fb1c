/**
 * A clearly titled box for a chart whose data the simulator does not provide yet: it says
 * what will be there and what it needs, never shows made-up numbers.
 */
export function Placeholder({
  title,
  will,
  needs,
}: {
  title: string;
  will: string;
  needs: string;
}) {
  return (
    <section className="panel placeholder" aria-label={title}>
      <h2 className="panel__title">{title}</h2>
      <p className="not-modelled">Not modelled yet ({needs}).</p>
      <p className="hint">{will}</p>
    </section>
  );
}
