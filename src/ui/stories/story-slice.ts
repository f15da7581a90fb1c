import type { StateCreator } from 'zustand';
import type { LabState } from '../state/store-types.ts';

/** Where the reader is in the walkthroughs: a story and a step (0-based). */
export interface StoryPlace {
  id: string;
  step: number;
}

export interface StorySlice {
  story: StoryPlace | null;
  setStory(place: StoryPlace | null): void;
}

export const createStorySlice: StateCreator<LabState, [], [], StorySlice> = (set) => ({
  story: null,
  setStory(place) {
    set({ story: place });
  },
});
