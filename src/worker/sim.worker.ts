/// <reference lib="webworker" />
import { decodeToWorker, post } from '../protocol/messages.ts';
import { RunLoop } from './run-loop.ts';

/** The worker entry: one message port, one run loop, a heartbeat the UI watches. */
declare const self: DedicatedWorkerGlobalScope;

const HEARTBEAT_MS = 250;
const wake = new MessageChannel();
let pending: (() => void) | null = null;
wake.port1.onmessage = () => {
  const fn = pending;
  pending = null;
  fn?.();
};

const loop = new RunLoop({
  post: (msg) => post(self, msg),
  clock: () => performance.now(),
  soon: (fn) => {
    pending = fn;
    wake.port2.postMessage(null);
  },
  later: (fn, ms) => setTimeout(fn, ms),
});

self.onmessage = (event: MessageEvent<unknown>) => loop.handle(decodeToWorker(event.data));
setInterval(() => loop.heartbeat(), HEARTBEAT_MS);
