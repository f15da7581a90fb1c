import type { FromWorker } from '../../protocol/messages.ts';

export type FramesReply = Extract<FromWorker, { type: 'frames' }>;

/**
 * Where the worker's answers to the packet list's `frames` requests go: the store's
 * router hands them here, the panel listens. Request ids come from here too, so an
 * answer can be matched to its question.
 */
const listeners = new Set<(reply: FramesReply) => void>();
let lastId = 0;

export function nextFramesId(): number {
  return ++lastId;
}

export function receiveFrames(reply: FramesReply): void {
  for (const listener of listeners) listener(reply);
}

/** Returns the function that stops listening (an effect's cleanup). */
export function onFrames(listener: (reply: FramesReply) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
