import { createHash } from 'node:crypto';
import { PRESETS } from '../scenario/presets.ts';
import { parseScenario } from '../scenario/schema.ts';
import { runWithCapture } from '../testing.ts';

/**
 * What every preset does, as two digests: of its results (all but `wallMs`) and of its
 * pcaps, each preset run for DIGEST_MS of simulated time (its slow start, its queues and
 * every mechanism on its path). Optimisations must leave both unchanged (issue 15): a
 * change of digest is a change of behaviour, and the commit that makes one says which
 * mechanism moved it (then `npm run digests -- --write`).
 */
export const DIGEST_MS = 60;

export interface PresetDigest {
  results: string;
  pcaps: string;
}

function sha(parts: readonly (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
}

export function presetDigest(id: string): PresetDigest {
  const preset = PRESETS.find((p) => p.id === id);
  if (preset === undefined) throw new Error(`no preset ${id}`);
  const durationMs = Math.min(preset.scenario.durationMs ?? DIGEST_MS, DIGEST_MS);
  const parsed = parseScenario({ ...preset.scenario, durationMs });
  if (!parsed.ok) throw new Error(`preset ${id} is invalid`);
  const { results, pcaps } = runWithCapture(parsed.scenario);
  return { results: sha([JSON.stringify({ ...results, wallMs: 0 })]), pcaps: sha(pcaps) };
}

export function allPresetDigests(): Record<string, PresetDigest> {
  return Object.fromEntries(PRESETS.map((p) => [p.id, presetDigest(p.id)]));
}
