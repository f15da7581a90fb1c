import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ScenarioInput } from '../../protocol/scenario.ts';
import type { LaneSpec } from './lane-spec.ts';
import { useLab } from '../state/store.ts';
import { CompareSession, type CompareSnapshot } from './compare-session.ts';

/**
 * Holds the running comparison outside React state, so an effect can start and stop it
 * (workers are side effects) while components read it through useSyncExternalStore.
 * It also remembers whether the user wants it playing, so a new set of lanes carries on.
 */
class SessionBox {
  current: CompareSession | null = null;
  wantPlaying = false;
  private readonly listeners = new Set<() => void>();

  set(session: CompareSession | null): void {
    this.current = session;
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get = (): CompareSession | null => this.current;

  togglePlay(): void {
    const session = this.current;
    if (!session) return;
    this.wantPlaying = !session.getSnapshot().playing;
    if (this.wantPlaying) session.play();
    else session.pause();
  }
}

const noSubscribe = (): (() => void) => () => {};
const noSnapshot = (): CompareSnapshot | null => null;

export interface CompareControl {
  session: CompareSession | null;
  snapshot: CompareSnapshot | null;
  togglePlay(): void;
  reset(): void;
}

/**
 * Runs the scenario under each architecture while the view is mounted and `enabled`;
 * a new scenario or set of architectures restarts every lane at t = 0, and unmounting
 * terminates every worker.
 */
export function useCompareSession(
  input: ScenarioInput,
  lanes: readonly LaneSpec[],
  enabled: boolean,
): CompareControl {
  const [box] = useState(() => new SessionBox());
  // `lanes` is memoised by the view: a new set of lanes restarts the comparison.
  useEffect(() => {
    if (!enabled) return;
    const session = new CompareSession(input, lanes, useLab.getState().compareSpeed);
    box.set(session);
    if (box.wantPlaying) session.play();
    return () => {
      box.set(null);
      session.dispose();
    };
  }, [box, input, lanes, enabled]);

  const session = useSyncExternalStore(box.subscribe, box.get);
  const speed = useLab((s) => s.compareSpeed);
  useEffect(() => {
    session?.setSpeed(speed);
  }, [session, speed]);

  const snapshot = useSyncExternalStore(
    session?.subscribe ?? noSubscribe,
    session?.getSnapshot ?? noSnapshot,
  );

  return {
    session,
    snapshot,
    togglePlay() {
      box.togglePlay();
    },
    reset() {
      session?.reset();
    },
  };
}
