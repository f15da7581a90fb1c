import { create } from 'zustand';
import type { FromWorker, ToWorker } from '../../protocol/messages.ts';
import { createHealthSlice } from './health-slice.ts';
import { createLiveSlice } from './live-slice.ts';
import { createLogSlice } from './log-slice.ts';
import { createNavSlice } from './nav-slice.ts';
import { createCompareSlice } from '../compare/compare-slice.ts';
import { createStorySlice } from '../stories/story-slice.ts';
import { createSweepSlice } from '../sweep/sweep-slice.ts';
import { createRunSlice } from './run-slice.ts';
import { createScenarioSlice } from './scenario-slice.ts';
import { createSelectionSlice } from './selection-slice.ts';
import { readLinkAtStart, syncLink } from '../share/url-sync.ts';
import { seriesStore } from './series-store.ts';
import type { LabDeps, LabState } from './store-types.ts';
import { connectWorker, type WorkerClient } from './worker-client.ts';
import { receiveFrames } from '../packets/frame-replies.ts';
import { receiveExport } from '../export/export-jobs.ts';

/**
 * The lab's store and its one connection to the worker. React binds through selectors
 * (`useLab((s) => s.nowNs)`); batches go to the series store, never into React state.
 */
let client: WorkerClient | null = null;

const deps: LabDeps = {
  send(msg: ToWorker) {
    client?.send(msg);
  },
  connect() {
    client?.close();
    client = connectWorker({
      message: route,
      failure: (failure) => {
        client = null;
        useLab.getState().workerFailed(failure);
      },
    });
    const s = useLab.getState();
    client.send({ type: 'load', scenario: s.input, speed: s.speed, play: s.wantPlaying });
  },
};

export const useLab = create<LabState>()((...a) => ({
  ...createScenarioSlice(deps)(...a),
  ...createRunSlice(deps)(...a),
  ...createHealthSlice(deps)(...a),
  ...createLogSlice(...a),
  ...createSelectionSlice(...a),
  ...createLiveSlice(...a),
  ...createNavSlice(...a),
  ...createCompareSlice(...a),
  ...createSweepSlice(...a),
  ...createStorySlice(...a),
}));

function route(msg: FromWorker): void {
  const s = useLab.getState();
  s.workerAlive();
  switch (msg.type) {
    case 'session':
      seriesStore.begin(msg.session, msg.series);
      s.sessionBegan(msg);
      s.sessionStarted();
      s.logClear();
      s.liveCleared();
      if (s.connection >= msg.scenario.nic.ports * msg.scenario.workload.connectionsPerPort) {
        s.selectConnection(0);
      }
      return;
    case 'refused':
      s.refused(msg.errors);
      return;
    case 'batch':
      seriesStore.append(msg.session, msg.columns, msg.rows);
      return;
    case 'log':
      if (msg.session === s.session) s.logAppend(msg.entries);
      return;
    case 'status':
      s.statusReceived(msg);
      return;
    case 'verdict':
      if (msg.session === s.session) s.verdictReceived(msg.verdict);
      return;
    case 'arp':
      if (msg.session === s.session) s.arpReceived(msg.tables);
      return;
    case 'reference':
      if (msg.session === s.session) s.referenceReceived(msg.reference);
      return;
    case 'frames':
      receiveFrames(msg);
      return;
    case 'export-progress':
    case 'exported':
      receiveExport(msg);
      return;
    case 'failed':
      // The client turns this into a failure before it gets here.
      return;
  }
}

/** For panels that ask the worker for data on demand (packet list, exports). */
export function sendToWorker(msg: ToWorker): void {
  deps.send(msg);
}

/** Starts the worker; returns the function that stops it (for an effect's cleanup). */
export function startLab(): () => void {
  readLinkAtStart(useLab);
  deps.connect();
  const stopLink = syncLink(useLab);
  return () => {
    stopLink();
    client?.close();
    client = null;
  };
}
