import { ARCHITECTURES, type Architecture } from '../src/sim/scenario/schema.ts';

/** One case of `npm run bench` (and `npm run bench:compare`): a preset, maybe as another architecture. */
export interface BenchCase {
  name: string;
  preset: string;
  /** The architecture to run it as, when not the preset's own. */
  architecture?: Architecture;
  /** Issue 15's speed target, simulated s per wall s (null: none). */
  target: number | null;
}

/** Every architecture on the 4 × 1 GbE bulk-send preset, 10 GbE, and the presets the lab opens on. */
export const BENCH_CASES: readonly BenchCase[] = [
  ...ARCHITECTURES.map((architecture) => ({
    name: `4x1g-bulk-send ${architecture}`,
    preset: '4x1g-bulk-send',
    architecture,
    target: 3,
  })),
  { name: '1x10g-full-toe', preset: '1x10g-full-toe', target: 1.5 },
  {
    name: '1x10g-full-toe as csum-tso',
    preset: '1x10g-full-toe',
    architecture: 'csum-tso',
    target: 1.5,
  },
  { name: '1x1g-bulk-send', preset: '1x1g-bulk-send', target: null },
  { name: '1x1g-bidirectional', preset: '1x1g-bidirectional', target: null },
  { name: '4x1g-bulk-receive', preset: '4x1g-bulk-receive', target: null },
];
