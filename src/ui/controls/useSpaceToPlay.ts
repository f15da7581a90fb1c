import { useEffect } from 'react';
import { useLab } from '../state/store.ts';

const TYPING = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'SUMMARY']);

/** Space toggles play/pause unless focus is in a control that uses the key itself. */
export function useSpaceToPlay(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== ' ' || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (TYPING.has(target.tagName) || target.isContentEditable)) return;
      e.preventDefault();
      const s = useLab.getState();
      const labOnScreen = s.view === 'lab' || s.view === 'stories';
      if (s.health === 'running' && labOnScreen) s.togglePlay();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
