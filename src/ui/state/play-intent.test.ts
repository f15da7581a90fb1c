import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { FromWorker, ToWorker } from '../../protocol/messages.ts';
import { createRunSlice } from './run-slice.ts';
import { createScenarioSlice } from './scenario-slice.ts';
import type { LabDeps, LabState } from './store-types.ts';

type Status = Extract<FromWorker, { type: 'status' }>;

/** The run and scenario slices on their own, with the messages they send kept. */
function lab() {
  const sent: ToWorker[] = [];
  const deps: LabDeps = { send: (msg) => sent.push(msg), connect: () => undefined };
  // Two slices of the lab's state are all these actions read and write.
  const store = create<LabState>()(
    (...a) => ({ ...createScenarioSlice(deps)(...a), ...createRunSlice(deps)(...a) }) as LabState,
  );
  const status = (state: Status['state']): Status => ({
    type: 'status',
    session: store.getState().session,
    state,
    nowNs: 0,
    speed: 1,
    achievedSpeed: null,
    behind: false,
    eventsPerSecond: 0,
    sampleIntervalNs: 10e6,
  });
  return { store, sent, status };
}

describe('what the user asked for, not what the worker last said', () => {
  it('an edit made after Play, before the worker answers, restarts the run playing', () => {
    const { store, sent, status } = lab();
    store.getState().statusReceived(status('paused'));
    store.getState().play();
    // The worker's last word is still "paused"; the user pressed Play.
    expect(store.getState().runState).toBe('paused');
    store.getState().setField('host.cpuGhz', 1, '1', 'host.cpuGhz = 1 GHz');
    expect(sent.at(-1)).toMatchObject({ type: 'load', play: true });
  });

  it('an edit after Pause restarts it paused, and Space toggles the intent', () => {
    const { store, sent, status } = lab();
    store.getState().play();
    store.getState().statusReceived(status('playing'));
    store.getState().togglePlay();
    expect(sent.at(-1)).toEqual({ type: 'pause' });
    // A second press before the worker's "paused" arrives plays again.
    store.getState().togglePlay();
    expect(sent.at(-1)).toEqual({ type: 'play' });
    store.getState().togglePlay();
    store.getState().setField('nic.ports', 2, '2', 'nic.ports = 2');
    expect(sent.at(-1)).toMatchObject({ type: 'load', play: false });
  });
});
