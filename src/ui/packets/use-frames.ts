import { useEffect, useRef, useState } from 'react';
import { sendToWorker, useLab } from '../state/store.ts';
import { nextFramesId, onFrames, type FramesReply } from './frame-replies.ts';

/** Rows the packet list shows (the newest matching frames). */
export const ROW_LIMIT = 200;
/** How often the list asks the worker while playing… */
const PLAYING_REFRESH_MS = 300;
/** …and while paused (a fired event can add frames without moving time). */
const PAUSED_REFRESH_MS = 1000;

export interface FramesView {
  /** The last answer for the filter in force (kept while a new filter is refused). */
  reply: FramesReply | null;
  /** The filter in force. */
  applied: string;
  /** Why the last filter tried was refused, or null. */
  error: string | null;
  /** Tries `filter`: it is in force once the worker accepts it. */
  apply(filter: string): void;
}

function sameAnswer(a: FramesReply | null, b: FramesReply): boolean {
  return (
    a !== null &&
    a.session === b.session &&
    a.port === b.port &&
    a.filter === b.filter &&
    a.seen === b.seen &&
    a.matched === b.matched &&
    a.kept === b.kept
  );
}

/**
 * The packet list's conversation with the worker: asks for the newest frames of `port`
 * a few times a second while playing, at once after a step, on a new session and on
 * every change of port or filter, and re-renders only when the answer changed. While
 * the list is off screen (`visible` false) it asks nothing, and asks at once on return.
 */
export function useFrames(port: number, visible: boolean): FramesView {
  const session = useLab((s) => s.session);
  const playing = useLab((s) => s.runState === 'playing');
  const [applied, setApplied] = useState('');
  const [candidate, setCandidate] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reply, setReply] = useState<FramesReply | null>(null);
  const accepted = useRef(0);
  const wanted = candidate ?? applied;

  useEffect(() => {
    if (!visible) return;
    const ask = (): void => {
      sendToWorker({ type: 'frames', id: nextFramesId(), port, filter: wanted, limit: ROW_LIMIT });
    };
    ask();
    const timer = setInterval(ask, playing ? PLAYING_REFRESH_MS : PAUSED_REFRESH_MS);
    // A step moves time without re-rendering this component: listen to the store instead.
    const unsubscribe = useLab.subscribe((s, before) => {
      if (s.runState !== 'playing' && s.nowNs !== before.nowNs) ask();
    });
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [port, wanted, playing, session, visible]);

  useEffect(
    () =>
      onFrames((r) => {
        if (r.id <= accepted.current || r.port !== port || r.filter !== wanted) return;
        accepted.current = r.id;
        if (r.error !== null) {
          if (r.filter === candidate) {
            setError(r.error);
            setCandidate(null);
          }
          return;
        }
        if (r.filter === candidate) {
          setApplied(r.filter);
          setCandidate(null);
          setError(null);
        }
        setReply((before) => (sameAnswer(before, r) ? before : r));
      }),
    [port, wanted, candidate],
  );

  return {
    reply,
    applied,
    error,
    apply: (filter) => {
      setError(null);
      setCandidate(filter);
    },
  };
}
