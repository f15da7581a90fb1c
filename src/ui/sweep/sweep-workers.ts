import { decodeFromSweepWorker, postSweep } from '../../protocol/sweep-messages.ts';
import type { SweepWorkerFactory } from './sweep-pool.ts';

/** A sweep worker in the page: the pool's port onto one Web Worker. */
export const createSweepWorker: SweepWorkerFactory = (handlers) => {
  const worker = new Worker(new URL('../../worker/sweep.worker.ts', import.meta.url), {
    type: 'module',
    name: 'offload-lab-sweep',
  });
  let closed = false;
  worker.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (closed) return;
    let msg;
    try {
      msg = decodeFromSweepWorker(event.data);
    } catch (error) {
      handlers.error(`the sweep worker sent a message this page cannot read (${String(error)})`);
      return;
    }
    handlers.message(msg);
  });
  worker.addEventListener('error', (event: ErrorEvent) => {
    // Reported on the point that failed, so the browser need not report it again.
    event.preventDefault();
    if (!closed) handlers.error(event.message || 'the sweep worker failed to start or threw');
  });
  worker.addEventListener('messageerror', () => {
    if (!closed) handlers.error('a message from the sweep worker could not be deserialised');
  });
  return {
    send(msg) {
      if (!closed) postSweep(worker, msg);
    },
    terminate() {
      closed = true;
      worker.terminate();
    },
  };
};
