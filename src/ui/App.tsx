import { useEffect } from 'react';
import { FrameSchedulerContext } from './charts/frame-scheduler.ts';
import { useSpaceToPlay } from './controls/useSpaceToPlay.ts';
import { LabLayout } from './layout/LabLayout.tsx';
import { frameScheduler } from './state/frame-scheduler.ts';
import { startLab } from './state/store.ts';

/** The live lab: starts the simulation worker and provides the page's one frame loop. */
export function App() {
  useEffect(() => startLab(), []);
  useSpaceToPlay();
  return (
    <FrameSchedulerContext value={frameScheduler}>
      <LabLayout />
    </FrameSchedulerContext>
  );
}
