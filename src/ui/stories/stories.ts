/**
 * The guided walkthroughs (issue 6). Each story is a sequence of steps; a step names a
 * scenario to run, the lab panels to look at and text whose numbers come from the
 * running simulation.
 */
export interface Story {
  id: string;
  title: string;
  steps: readonly unknown[];
}

export const STORIES: readonly Story[] = [];

export function findStory(id: string): Story | undefined {
  return STORIES.find((s) => s.id === id);
}
