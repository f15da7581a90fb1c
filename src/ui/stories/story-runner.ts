import { useEffect } from 'react';
import type { Speed } from '../../protocol/messages.ts';
import { PRESETS } from '../../protocol/scenario.ts';
import { useLab } from '../state/store.ts';
import { isRunning } from './live-inputs.ts';
import type { StoryPlace } from './story-slice.ts';
import { findStory, type StoryStep } from './stories.ts';

/** The faster of two speeds: a step plays at least as fast as it asks. */
export function atLeast(current: Speed, wanted: Speed): Speed {
  if (current === 'max' || wanted === 'max') return 'max';
  return Math.max(current, wanted);
}

function speedUp(step: StoryStep): void {
  const s = useLab.getState();
  const speed = atLeast(s.speed, step.speed);
  if (speed !== s.speed) s.setSpeed(speed);
}

/** Runs a step's scenario as a new session from t = 0 and plays it. */
export function runStep(place: StoryPlace): void {
  const story = findStory(place.id);
  const step = story?.steps[place.step];
  if (!story || !step) return;
  speedUp(step);
  const s = useLab.getState();
  // A step that runs a preset unchanged names it, so the scenario picker shows which.
  const json = JSON.stringify(step.scenario);
  const preset = PRESETS.find((p) => JSON.stringify(p.scenario) === json);
  s.loadScenario(
    step.scenario,
    `walkthrough “${story.title}”, step ${place.step + 1} (${step.title})`,
    preset?.id ?? null,
  );
  s.play();
}

/**
 * Whenever the place changes (Next/Back, the list, the URL at start-up or Back/Forward
 * in the browser), the step's scenario runs — once the worker has a session to replace,
 * and only if the lab is not already running exactly that scenario.
 */
export function useStoryRunner(place: StoryPlace | null): void {
  const ready = useLab((s) => s.session > 0);
  const id = place?.id;
  const index = place?.step;
  useEffect(() => {
    if (!ready || id === undefined || index === undefined) return;
    const step = findStory(id)?.steps[index];
    if (!step) return;
    const s = useLab.getState();
    if (!isRunning(s, step.scenario)) {
      runStep({ id, step: index });
      return;
    }
    // Already loaded but not started: a link to a step whose scenario is the lab's
    // default preset, which the worker loads paused at start-up.
    if (s.pending === null && s.nowNs === 0 && !s.wantPlaying) {
      speedUp(step);
      s.play();
    }
  }, [ready, id, index]);
}
