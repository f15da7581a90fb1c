import { cardWindow } from './data/card-window.ts';
import { directPlacement } from './data/direct-placement.ts';
import { pciX } from './data/pci-x.ts';
import { toeArp } from './data/toe-arp.ts';
import { wireSpeed } from './data/wire-speed.ts';
import type { Story, StoryStep } from './story-types.ts';

export type { Story, StoryStep } from './story-types.ts';

/**
 * The guided walkthroughs (issue 6), in reading order. Each story is a sequence of
 * steps; a step names a scenario to run, the lab panels to look at, and text whose
 * numbers come from the running simulation (bindings.ts). The URL names a story by `id`
 * and a step by its 1-based number (src/ui/share/url-state.ts).
 */
export const STORIES: readonly Story[] = [wireSpeed, pciX, toeArp, cardWindow, directPlacement];

export function findStory(id: string): Story | undefined {
  return STORIES.find((s) => s.id === id);
}

/** The step at a place, or undefined when the place is not in the registry. */
export function stepAt(id: string, step: number): StoryStep | undefined {
  return findStory(id)?.steps[step];
}
