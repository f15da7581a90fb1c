import { createContext, useContext } from 'react';

/**
 * One requestAnimationFrame loop for the whole page (STYLE.md, the Perfetto anchor):
 * charts subscribe a callback, the scheduler calls every subscriber once per frame and
 * runs the loop only while someone listens.
 */
export interface FrameScheduler {
  subscribe(callback: (frameTimeMs: number) => void): () => void;
}

export interface FrameSchedulerHandle extends FrameScheduler {
  /** Stops the loop and drops every subscriber. */
  dispose(): void;
}

type RequestFrame = (cb: (t: number) => void) => number;
type CancelFrame = (handle: number) => void;

export function createFrameScheduler(
  requestFrame: RequestFrame = (cb) => requestAnimationFrame(cb),
  cancelFrame: CancelFrame = (h) => cancelAnimationFrame(h),
): FrameSchedulerHandle {
  const subscribers = new Set<(t: number) => void>();
  let handle: number | null = null;

  const tick = (t: number): void => {
    handle = null;
    // A callback may unsubscribe itself or others; iterate over a snapshot.
    for (const cb of [...subscribers]) cb(t);
    if (subscribers.size > 0) handle = requestFrame(tick);
  };

  return {
    subscribe(callback) {
      subscribers.add(callback);
      if (handle === null) handle = requestFrame(tick);
      return () => {
        subscribers.delete(callback);
        if (subscribers.size === 0 && handle !== null) {
          cancelFrame(handle);
          handle = null;
        }
      };
    },
    dispose() {
      subscribers.clear();
      if (handle !== null) cancelFrame(handle);
      handle = null;
    },
  };
}

/** Provide the app's scheduler once near the root: `<FrameSchedulerContext value={s}>`. */
export const FrameSchedulerContext = createContext<FrameScheduler | null>(null);

let fallback: FrameScheduler | null = null;

/**
 * The scheduler a chart should use: the explicit prop, else the context's, else one
 * shared page-wide fallback (still a single loop for all charts).
 */
export function useFrameScheduler(explicit?: FrameScheduler): FrameScheduler {
  const fromContext = useContext(FrameSchedulerContext);
  if (explicit) return explicit;
  if (fromContext) return fromContext;
  fallback ??= createFrameScheduler();
  return fallback;
}
