import { useSyncExternalStore } from 'react';
import type { ExportRequest, FromWorker, ToWorker } from '../../protocol/messages.ts';
import { fmt } from '../theme.ts';
import { download } from './download.ts';

type ExportReply = Extract<FromWorker, { type: 'export-progress' | 'exported' }>;

/** One file the worker is building (results JSON, a pcap) or has built. */
export interface ExportJob {
  id: number;
  /** What it is, as the menu names it: "pcap, port 0". */
  label: string;
  fileName: string;
  state: 'preparing' | 'saved' | 'failed';
  /** Share of the session replayed so far, 0–1. */
  progress: number;
  /** What happened, in words, once it is saved or failed. */
  message: string | null;
}

/**
 * The exports the worker builds by replaying the session (a small module store: the
 * menu reads it through `useExportJobs`, the store's router feeds it `receiveExport`).
 * When a file arrives it is saved at once.
 */
let jobs: readonly ExportJob[] = [];
let lastId = 0;
const listeners = new Set<() => void>();

function update(id: number, change: Partial<ExportJob>): void {
  jobs = jobs.map((j) => (j.id === id ? { ...j, ...change } : j));
  for (const l of listeners) l();
}

/** Asks the worker (through `send`) for a file; it is downloaded as `fileName` when ready. */
export function startExport(
  send: (msg: ToWorker) => void,
  what: ExportRequest,
  label: string,
  fileName: string,
): void {
  const id = ++lastId;
  const job: ExportJob = { id, label, fileName, state: 'preparing', progress: 0, message: null };
  // Finished jobs older than the last one are forgotten.
  jobs = [...jobs.filter((j) => j.state === 'preparing'), job];
  for (const l of listeners) l();
  send({ type: 'export', id, what });
}

export function receiveExport(msg: ExportReply): void {
  const job = jobs.find((j) => j.id === msg.id);
  if (!job) return;
  if (msg.type === 'export-progress') {
    update(job.id, { progress: msg.untilNs > 0 ? msg.doneNs / msg.untilNs : 0 });
    return;
  }
  const result = msg.result;
  switch (result.kind) {
    case 'results': {
      const text = `${JSON.stringify(result.results, null, 2)}\n`;
      download(job.fileName, text, 'json');
      update(job.id, { state: 'saved', progress: 1, message: saved(job, text.length) });
      return;
    }
    case 'pcap':
      download(job.fileName, result.bytes as Uint8Array<ArrayBuffer>, 'pcap');
      update(job.id, { state: 'saved', progress: 1, message: saved(job, result.bytes.length) });
      return;
    case 'failed':
      update(job.id, { state: 'failed', message: `${job.label} not exported: ${result.message}` });
      return;
  }
}

/** The worker stopped (or was replaced) with files under way: they will not come. */
export function abandonExports(reason: string): void {
  if (!jobs.some((j) => j.state === 'preparing')) return;
  jobs = jobs.map((j) =>
    j.state === 'preparing'
      ? { ...j, state: 'failed', message: `${j.label} not exported: ${reason}` }
      : j,
  );
  for (const l of listeners) l();
}

function saved(job: ExportJob, bytes: number): string {
  return `Saved ${job.fileName} (${fmt.bytes(bytes)})`;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useExportJobs(): readonly ExportJob[] {
  return useSyncExternalStore(subscribe, () => jobs);
}
