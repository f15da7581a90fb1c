import { useEffect } from 'react';
import { FrameSchedulerContext } from './charts/frame-scheduler.ts';
import { CompareView } from './compare/CompareView.tsx';
import { useSpaceToPlay } from './controls/useSpaceToPlay.ts';
import { Header } from './layout/Header.tsx';
import { HealthBanner } from './layout/HealthBanner.tsx';
import { LabLayout } from './layout/LabLayout.tsx';
import { Notice } from './layout/Notice.tsx';
import { ProblemsBanner } from './share/ProblemsBanner.tsx';
import { StoryGuide } from './stories/StoryGuide.tsx';
import { frameScheduler } from './state/frame-scheduler.ts';
import { startLab, useLab } from './state/store.ts';
import { ModelView } from './model/ModelView.tsx';
import { SweepView } from './sweep/SweepView.tsx';

/** The page: the header, then the current view; starts the lab's worker and the one frame loop. */
export function App() {
  useEffect(() => startLab(), []);
  useSpaceToPlay();
  const view = useLab((s) => s.view);
  return (
    <FrameSchedulerContext value={frameScheduler}>
      <div className="lab">
        <Header />
        <HealthBanner />
        <ProblemsBanner />
        <Notice />
        {view === 'lab' && <LabLayout />}
        {view === 'stories' && <LabLayout guide={<StoryGuide />} />}
        {view === 'compare' && <CompareView />}
        {view === 'sweep' && <SweepView />}
        {view === 'model' && <ModelView />}
      </div>
    </FrameSchedulerContext>
  );
}
