import {
  formatScenarioErrors,
  parseScenario,
  type ScenarioInput,
} from '../../protocol/scenario.ts';

/** The most a scenario file may weigh; anything bigger is not a scenario. */
export const MAX_SCENARIO_FILE_BYTES = 1_000_000;

export type ScenarioFileReading =
  { ok: true; input: ScenarioInput } | { ok: false; messages: string[] };

/**
 * Reads a scenario file's text as the command line does: JSON, then the schema. The
 * scenario is kept as written (defaults not filled in), so exporting it again gives the
 * same file.
 */
export function readScenarioFile(text: string): ScenarioFileReading {
  if (text.length > MAX_SCENARIO_FILE_BYTES) {
    return {
      ok: false,
      messages: [
        `the file is ${text.length} bytes; a scenario is at most ${MAX_SCENARIO_FILE_BYTES}`,
      ],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, messages: [`not valid JSON: ${(error as Error).message}`] };
  }
  const parsed = parseScenario(json);
  if (!parsed.ok) return { ok: false, messages: formatScenarioErrors(parsed.errors).split('\n') };
  return { ok: true, input: json as ScenarioInput };
}
