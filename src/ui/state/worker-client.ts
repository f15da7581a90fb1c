import { decodeFromWorker, post, type FromWorker, type ToWorker } from '../../protocol/messages.ts';

/**
 * The UI's end of the one message port: owns the Worker, speaks only protocol messages,
 * and watches the worker's health. Two ways a worker can go wrong are told apart: it
 * throws (an `error` event, or a `failed` message from its own catch) or it goes silent
 * (no heartbeat for HEARTBEAT_TIMEOUT_MS: it closed itself or hangs).
 */
export const HEARTBEAT_TIMEOUT_MS = 3000;
const WATCH_EVERY_MS = 500;

export interface WorkerFailure {
  kind: 'threw' | 'silent' | 'protocol';
  message: string;
  detail: string;
}

export interface WorkerClientHandlers {
  message(msg: FromWorker): void;
  failure(failure: WorkerFailure): void;
}

export interface WorkerClient {
  send(msg: ToWorker): void;
  /** Stops the worker and the watch; no handler runs afterwards. */
  close(): void;
}

export function createSimWorker(): Worker {
  return new Worker(new URL('../../worker/sim.worker.ts', import.meta.url), {
    type: 'module',
    name: 'offload-lab-sim',
  });
}

export function connectWorker(
  handlers: WorkerClientHandlers,
  createWorker: () => Worker = createSimWorker,
): WorkerClient {
  const worker = createWorker();
  let lastHeard = performance.now();
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(watch);
    worker.terminate();
  };
  const fail = (failure: WorkerFailure) => {
    if (closed) return;
    close();
    handlers.failure(failure);
  };

  worker.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (closed) return;
    lastHeard = performance.now();
    let msg: FromWorker;
    try {
      msg = decodeFromWorker(event.data);
    } catch (error) {
      fail({
        kind: 'protocol',
        message: 'The worker sent a message this page cannot read.',
        detail: String(error),
      });
      return;
    }
    if (msg.type === 'failed') {
      fail({ kind: 'threw', message: msg.message, detail: msg.stack });
      return;
    }
    handlers.message(msg);
  });
  worker.addEventListener('error', (event: ErrorEvent) => {
    // Handled here and shown on the page, so the browser need not report it again.
    event.preventDefault();
    const where = event.filename ? ` (${event.filename}:${event.lineno})` : '';
    fail({
      kind: 'threw',
      message: event.message || 'The simulation worker failed to start or threw an error.',
      detail: `uncaught in the worker${where}`,
    });
  });
  worker.addEventListener('messageerror', () =>
    fail({
      kind: 'protocol',
      message: 'A message from the worker could not be deserialised.',
      detail: '',
    }),
  );
  const watch = setInterval(() => {
    const silence = performance.now() - lastHeard;
    if (silence > HEARTBEAT_TIMEOUT_MS) {
      fail({
        kind: 'silent',
        message: `The simulation worker stopped responding (no heartbeat for ${(silence / 1000).toFixed(1)} s).`,
        detail: 'It may have closed itself, run out of memory or hung.',
      });
    }
  }, WATCH_EVERY_MS);

  return {
    send(msg) {
      if (!closed) post(worker, msg);
    },
    close,
  };
}
