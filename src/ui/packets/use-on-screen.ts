import { useEffect, useState, type RefObject } from 'react';

/**
 * Whether the element is on (or within a screen's margin of) the screen: panels that ask
 * the worker for data stop asking while nobody can see them.
 */
export function useOnScreen(ref: RefObject<Element | null>): boolean {
  const [on, setOn] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => setOn(entries.some((e) => e.isIntersecting)),
      { rootMargin: '100px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return on;
}
