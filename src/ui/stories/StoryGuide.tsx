import { useEffect, useId, useRef, useState } from 'react';
import type { MouseEvent, RefObject } from 'react';
import type { LabPanel } from '../layout/LabLayout.tsx';
import { useLab } from '../state/store.ts';
import { DEFAULT_COMPARE } from '../compare/compare-slice.ts';
import { scrollToPanel, useHighlight } from './highlight.ts';
import { useLiveInputs } from './live-inputs.ts';
import { PANEL_NAMES } from './panel-names.ts';
import type { StoryPlace } from './story-slice.ts';
import { runStep, useStoryRunner } from './story-runner.ts';
import { StoryText } from './StoryText.tsx';
import { findStory, STORIES, type Story } from './stories.ts';
import './stories.css';

/** The address of a step, as the URL code reads it (`step` is 1-based there). */
export function stepHref(id: string, step: number): string {
  return `?view=stories&story=${encodeURIComponent(id)}&step=${step + 1}`;
}

const NO_PANELS: readonly LabPanel[] = [];

/**
 * The guided walkthrough beside the lab: the list of stories, or the current step — its
 * text with live numbers, Back and Next, and a link to the step. Choosing a step runs its
 * scenario and highlights the panels it talks about.
 */
export function StoryGuide() {
  const place = useLab((s) => s.story);
  const story = place ? findStory(place.id) : undefined;
  const step = place && story ? story.steps[place.step] : undefined;
  const heading = useRef<HTMLHeadingElement>(null);
  useStoryRunner(place);
  useHighlight(step?.panels ?? NO_PANELS);
  // Into a story or back to the list: the button pressed is gone, so keep the keyboard
  // in the guide, on its heading.
  useFocusOn(story && step ? story.id : null, heading);
  return (
    <section className="panel story-guide" aria-label="Walkthrough">
      {story && step && place ? (
        <StepView key={`${story.id}/${place.step}`} story={story} place={place} heading={heading} />
      ) : (
        <StoryList heading={heading} />
      )}
    </section>
  );
}

/** Moves focus to `ref` when `key` changes (not when the guide first appears). */
function useFocusOn(key: string | null, ref: RefObject<HTMLElement | null>): void {
  const previous = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (previous.current !== undefined && previous.current !== key) ref.current?.focus();
    previous.current = key;
  }, [key, ref]);
}

function StoryList({ heading }: { heading: RefObject<HTMLHeadingElement | null> }) {
  const setStory = useLab((s) => s.setStory);
  return (
    <>
      <h2 ref={heading} tabIndex={-1} className="story-guide__heading">
        Walkthroughs
      </h2>
      <p className="hint">
        Guided tours of the lab: each step runs a scenario, points at the charts to watch and quotes
        the numbers the simulation is producing right now.
      </p>
      <ol className="story-list">
        {STORIES.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className="story-list__item"
              onClick={() => setStory({ id: s.id, step: 0 })}
            >
              <span className="story-list__title">{s.title}</span>
              <span className="story-list__question">{s.question}</span>
              <span className="story-list__steps">{s.steps.length} steps</span>
            </button>
          </li>
        ))}
      </ol>
    </>
  );
}

function StepView({
  story,
  place,
  heading,
}: {
  story: Story;
  place: StoryPlace;
  heading: RefObject<HTMLHeadingElement | null>;
}) {
  const setStory = useLab((s) => s.setStory);
  const setCompare = useLab((s) => s.setCompare);
  const setView = useLab((s) => s.setView);
  const step = story.steps[place.step]!;
  const { inputs, current } = useLiveInputs(step);
  const loading = useLab((s) => s.pending !== null);
  // Once the step's own scenario has run, a different one means the reader changed it.
  const [ran, setRan] = useState(false);
  if (current && !ran) setRan(true);
  const titleId = useId();
  const first = place.step === 0;
  const last = place.step === story.steps.length - 1;
  const count = story.steps.length;
  const toList = (e?: MouseEvent) => {
    e?.preventDefault();
    setStory(null);
  };
  const action = step.action;
  return (
    <>
      <nav className="story-guide__top" aria-label="Walkthrough navigation">
        <a href="?view=stories" onClick={toList}>
          ← All walkthroughs
        </a>
      </nav>
      <h2 ref={heading} tabIndex={-1} className="story-guide__heading">
        {story.title}
      </h2>
      <p className="story-guide__question">{story.question}</p>
      <ol className="story-guide__progress" aria-hidden="true">
        {story.steps.map((_, i) => (
          <li
            key={i}
            className={i === place.step ? 'is-current' : i < place.step ? 'is-done' : undefined}
          />
        ))}
      </ol>
      <div aria-live="polite">
        <p className="story-guide__counter">
          Step {place.step + 1} of {count}
        </p>
        <h3 id={titleId} className="story-guide__title">
          {step.title}
        </h3>
      </div>
      <StoryText paragraphs={step.text} inputs={inputs} />
      {ran && !current && !loading && (
        <p className="story-guide__changed" role="status">
          The lab is running a different scenario from this step’s, so the numbers wait.{' '}
          <button type="button" onClick={() => runStep(place)}>
            Run this step’s scenario
          </button>
        </p>
      )}
      <p className="story-guide__look">
        Look at:{' '}
        {step.panels.map((panel, i) => (
          <span key={panel}>
            {i > 0 && ', '}
            <button
              type="button"
              className="story-guide__panel"
              onClick={() => scrollToPanel(panel)}
            >
              {PANEL_NAMES[panel]}
            </button>
          </span>
        ))}
      </p>
      {action && (
        <p>
          <button
            type="button"
            className="story-guide__action"
            onClick={() => {
              setCompare({
                ...DEFAULT_COMPARE,
                by: 'architecture',
                architectures: action.architectures,
                baseline: action.baseline,
              });
              setView('compare');
            }}
          >
            {action.label}
          </button>
        </p>
      )}
      <div className="story-guide__buttons" role="group" aria-labelledby={titleId}>
        <button
          type="button"
          disabled={first}
          onClick={() => setStory({ id: story.id, step: place.step - 1 })}
        >
          Back
        </button>
        {last ? (
          <button type="button" className="story-guide__next" onClick={() => toList()}>
            Finish
          </button>
        ) : (
          <button
            type="button"
            className="story-guide__next"
            onClick={() => setStory({ id: story.id, step: place.step + 1 })}
          >
            Next
          </button>
        )}
      </div>
      <p className="story-guide__link">
        <a href={stepHref(story.id, place.step)}>Link to this step</a>
      </p>
    </>
  );
}
