import { useLab } from '../state/store.ts';
import { VIEWS, VIEW_TITLES } from '../state/nav-slice.ts';

/** The header's view switcher: one button per view, the current one pressed. */
export function ViewNav() {
  const view = useLab((s) => s.view);
  const setView = useLab((s) => s.setView);
  return (
    <nav className="view-nav" aria-label="Views">
      {VIEWS.map((v) => (
        <button
          key={v}
          type="button"
          aria-pressed={v === view}
          aria-current={v === view ? 'page' : undefined}
          onClick={() => setView(v)}
        >
          {VIEW_TITLES[v]}
        </button>
      ))}
    </nav>
  );
}
