import fs from 'node:fs';
import type { Preset } from '../sim/scenario/presets.ts';
import { InputError } from './args.ts';
import { formatTable } from './summary.ts';

/**
 * Reading scenario files with messages that point at the problem (the file, and for
 * bad JSON the line and column), and the `presets` listing.
 */

/** `ENOENT`, `EACCES`, … when Node gives a code; the message otherwise. */
export function describeFsError(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The parsed JSON of a scenario file. Throws `InputError` naming the file. */
export function readScenarioFile(file: string): unknown {
  let text: string;
  try {
    if (fs.statSync(file).isDirectory()) {
      throw new InputError(`${file}: is a directory, not a scenario file`);
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: cannot read (${describeFsError(error)})`);
  }
  // Editors on Windows like to start UTF-8 files with a byte-order mark; JSON.parse does not.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`${file}: invalid JSON${describeJsonError(text, message)}`);
  }
}

/**
 * ` at line 3, column 5: Expected ',' or '}'`. V8's messages carry a character offset
 * (older) or a line and column (newer), or neither; the offset is turned into a line
 * and column because that is what an editor can jump to.
 */
export function describeJsonError(text: string, message: string): string {
  let reason = message
    .replace(/,? ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .trim();
  if (reason === 'Unexpected end of JSON input') reason = 'unexpected end of file';
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn !== null) return ` at line ${lineColumn[1]}, column ${lineColumn[2]}: ${reason}`;
  const position = /at position (\d+)/.exec(message);
  if (position !== null) {
    const { line, column } = lineAndColumn(text, Number(position[1]));
    return ` at line ${line}, column ${column}: ${reason}`;
  }
  if (reason === 'unexpected end of file') {
    const { line, column } = lineAndColumn(text, text.length);
    return ` at line ${line}, column ${column}: ${reason}`;
  }
  return `: ${reason}`;
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/** `presets`: id, title and description as aligned columns. */
export function formatPresetTable(presets: readonly Preset[]): string {
  return formatTable(
    ['ID', 'TITLE', 'DESCRIPTION'],
    presets.map((preset) => [preset.id, preset.title, preset.description]),
    ['left', 'left', 'left'],
  );
}
