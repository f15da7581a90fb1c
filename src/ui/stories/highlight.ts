import { useEffect } from 'react';
import type { LabPanel } from '../layout/LabLayout.tsx';

/** The class and attribute a highlighted lab panel carries (stories.css draws it). */
export const HIGHLIGHT_CLASS = 'story-highlight';
export const HIGHLIGHT_ATTRIBUTE = 'data-story-highlight';

function scrollGently(el: HTMLElement): void {
  const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  el.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
}

/** Brings a lab panel into view (the guide's "Look at" buttons). */
export function scrollToPanel(panel: LabPanel): void {
  const el = document.querySelector<HTMLElement>(`[data-panel="${panel}"]`);
  if (el) scrollGently(el);
}

/**
 * Marks the lab's `[data-panel=…]` wrappers a step points at and scrolls the first into
 * view; the marks go when the step does. The wrappers are LabLayout's, so this touches
 * only the class and attribute it owns.
 */
export function useHighlight(panels: readonly LabPanel[]): void {
  const key = panels.join(' ');
  useEffect(() => {
    if (key === '') return;
    const elements = key
      .split(' ')
      .flatMap((p) => [...document.querySelectorAll<HTMLElement>(`[data-panel="${p}"]`)]);
    elements.forEach((el, i) => {
      el.classList.add(HIGHLIGHT_CLASS);
      el.setAttribute(HIGHLIGHT_ATTRIBUTE, i === 0 ? 'first' : 'also');
    });
    if (elements[0]) scrollGently(elements[0]);
    return () => {
      for (const el of elements) {
        el.classList.remove(HIGHLIGHT_CLASS);
        el.removeAttribute(HIGHLIGHT_ATTRIBUTE);
      }
    };
  }, [key]);
}
