import { DEFAULT_COMPARE } from '../compare/compare-slice.ts';
import { DEFAULT_PRESET } from '../state/scenario-slice.ts';
import type { LabState } from '../state/store-types.ts';
import { DEFAULT_SWEEP } from '../sweep/sweep-slice.ts';
import { decodeLink, encodeLink, type LinkProblem, type LinkSource } from './url-state.ts';

/**
 * Keeps the address bar and the store in step: the URL is read once before the worker
 * starts (and again on Back/Forward); afterwards every change the user makes is written
 * back, so the address bar is always a link to what is on screen. A change of view or
 * walkthrough step is a history entry of its own; other changes replace the current one.
 */
interface Store {
  getState(): LabState;
  setState(partial: Partial<LabState>): void;
  subscribe(listener: (state: LabState, previous: LabState) => void): () => void;
}

const FALLBACKS = { compare: DEFAULT_COMPARE, sweep: DEFAULT_SWEEP };

function problemsText(problems: readonly LinkProblem[]): string[] {
  return problems.map((p) => p.message);
}

/** Applies the current URL to the store before the lab starts (no worker yet). */
export function readLinkAtStart(store: Store): void {
  const { state, problems } = decodeLink(window.location.search, FALLBACKS);
  const s = store.getState();
  store.setState({
    ...(state.input ? { input: state.input, presetId: state.presetId } : {}),
    view: state.view,
    ...(state.speed !== null ? { speed: state.speed } : {}),
    ...(state.connection !== null ? { connection: state.connection } : {}),
    ...(state.compare ? { compare: state.compare } : {}),
    ...(state.sweep ? { sweep: state.sweep } : {}),
    story: state.story ?? (state.view === 'stories' ? null : s.story),
    linkProblems: problemsText(problems),
  });
}

function sourceOf(s: LabState): LinkSource {
  return {
    input: s.input,
    presetId: s.presetId,
    view: s.view,
    speed: s.speed,
    connection: s.connection,
    compare: s.compare,
    sweep: s.sweep,
    story: s.story,
  };
}

function hrefOf(query: string): string {
  return `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
}

/** Writes the store to the URL on every change; applies Back/Forward. Returns a stop function. */
export function syncLink(store: Store): () => void {
  const defaults = { presetId: DEFAULT_PRESET };
  let written = encodeLink(sourceOf(store.getState()), defaults);
  window.history.replaceState(null, '', hrefOf(written));
  const unsubscribe = store.subscribe((s, prev) => {
    const query = encodeLink(sourceOf(s), defaults);
    if (query === written) return;
    written = query;
    const newPlace =
      s.view !== prev.view || s.story?.id !== prev.story?.id || s.story?.step !== prev.story?.step;
    if (newPlace) window.history.pushState(null, '', hrefOf(query));
    else window.history.replaceState(null, '', hrefOf(query));
  });
  const onPop = () => {
    const { state, problems } = decodeLink(window.location.search, FALLBACKS);
    written = window.location.search.replace(/^\?/, '');
    const s = store.getState();
    store.setState({
      view: state.view,
      ...(state.speed !== null ? { speed: state.speed } : {}),
      connection: state.connection ?? 0,
      ...(state.compare ? { compare: state.compare } : {}),
      ...(state.sweep ? { sweep: state.sweep } : {}),
      story: state.story,
      linkProblems: problemsText(problems),
    });
    if (state.speed !== null && state.speed !== s.speed) s.setSpeed(state.speed);
    if (state.input && JSON.stringify(state.input) !== JSON.stringify(s.input)) {
      s.loadScenario(state.input, 'the scenario from the link', state.presetId);
    }
  };
  window.addEventListener('popstate', onPop);
  return () => {
    unsubscribe();
    window.removeEventListener('popstate', onPop);
  };
}
