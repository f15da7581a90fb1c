/// <reference lib="webworker" />
import { decodeToWorker, post } from '../protocol/messages.ts';
import { RunLoop } from './run-loop.ts';

/** The worker entry: one message port, one run loop, a heartbeat the UI watches. */
declare const self: DedicatedWorkerGlobalScope;

const HEARTBEAT_MS = 250;
// `soon` without setTimeout's clamping: one message per callback, run in order. The run
// loop and the export queue both use it, so callbacks queue rather than replace each other.
const wake = new MessageChannel();
const pending: (() => void)[] = [];
wake.port1.onmessage = () => pending.shift()?.();

const loop = new RunLoop({
  post: (msg) => post(self, msg),
  clock: () => performance.now(),
  soon: (fn) => {
    pending.push(fn);
    wake.port2.postMessage(null);
  },
  later: (fn, ms) => setTimeout(fn, ms),
});

self.onmessage = (event: MessageEvent<unknown>) => loop.handle(decodeToWorker(event.data));
setInterval(() => loop.heartbeat(), HEARTBEAT_MS);
