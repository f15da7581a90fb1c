import { describe, expect, it } from 'vitest';
import { USAGE, UsageError, parseCommandLine } from './args.ts';
import { describeJsonError, lineAndColumn } from './files.ts';
import { ProgressReporter } from './progress.ts';
import { formatTable } from './summary.ts';

describe('parseCommandLine', () => {
  it('reads run with every flag, in both spellings', () => {
    expect(
      parseCommandLine([
        'run',
        's.json',
        '--out=r.json',
        '--pcap',
        'caps',
        '--snaplen',
        '128',
        '--seed',
        '3',
        '--duration-ms',
        '250.5',
        '--no-check',
        '--quiet',
      ]),
    ).toEqual({
      kind: 'run',
      scenario: 's.json',
      out: 'r.json',
      pcapDir: 'caps',
      snaplen: 128,
      seed: 3,
      durationMs: 250.5,
      quiet: true,
      check: false,
    });
  });

  it('help in any position', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help', text: USAGE });
    expect(parseCommandLine(['run', '-h'])).toEqual({ kind: 'help', text: USAGE });
  });

  it('presets with and without --write', () => {
    expect(parseCommandLine(['presets'])).toEqual({ kind: 'presets' });
    expect(parseCommandLine(['presets', '--write', 'out'])).toEqual({
      kind: 'presets',
      writeDir: 'out',
    });
  });

  it('rejects what it cannot use, naming the flag', () => {
    const cases: [string[], RegExp][] = [
      [['run', 'a.json', 'b.json'], /expected one SCENARIO, got 2/],
      [['run', 'a.json', '--quiet=yes'], /--quiet takes no value/],
      [['run', 'a.json', '--snaplen', '96'], /--snaplen only applies with --pcap/],
      [['run', 'a.json', '--pcap', 'd', '--snaplen', '1.5'], /--snaplen: must be an integer/],
      [['run', 'a.json', '--out', '--quiet'], /--out needs a value \(a file path\)/],
      [['presets', '--out', 'x'], /unknown flag --out for 'presets' \(allowed: --write, --help\)/],
      [['presets', 'extra'], /unexpected argument extra/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseCommandLine(argv), argv.join(' ')).toThrow(UsageError);
      expect(() => parseCommandLine(argv), argv.join(' ')).toThrow(message);
    }
  });

  it('accepts a negative number as a value, for the schema to judge', () => {
    expect(parseCommandLine(['run', 'a.json', '--seed', '-1'])).toMatchObject({ seed: -1 });
  });
});

describe('JSON error locations', () => {
  it('turns an offset into a line and column', () => {
    expect(lineAndColumn('ab\ncd\nef', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
  });

  it('reads both V8 message styles and the end of input', () => {
    const text = '{\n  "a" 1\n}';
    expect(describeJsonError(text, "Expected ':' after property name in JSON at position 8")).toBe(
      " at line 2, column 7: Expected ':' after property name",
    );
    expect(
      describeJsonError(
        text,
        "Expected ':' after property name in JSON at position 8 (line 2 column 7)",
      ),
    ).toBe(" at line 2, column 7: Expected ':' after property name");
    expect(describeJsonError('{\n', 'Unexpected end of JSON input')).toBe(
      ' at line 2, column 1: unexpected end of file',
    );
    expect(describeJsonError('[1,]', 'Unexpected token \']\', "[1,]" is not valid JSON')).toBe(
      ": Unexpected token ']'",
    );
  });
});

describe('ProgressReporter', () => {
  it('writes at most ten lines to a pipe', () => {
    const lines: string[] = [];
    const progress = new ProgressReporter((text) => lines.push(text), false);
    for (let ms = 0; ms <= 2000; ms += 1) progress.update(ms, 2000);
    progress.finish();
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('simulated 200/2000 ms\n');
    expect(lines.at(-1)).toBe('simulated 2000/2000 ms\n');
  });

  it('rewrites one line on a terminal and ends it', () => {
    const writes: string[] = [];
    const progress = new ProgressReporter((text) => writes.push(text), true);
    for (let ms = 0; ms <= 2000; ms += 0.5) progress.update(ms, 2000);
    progress.finish();
    expect(writes).toHaveLength(102); // 0 % … 100 %, then the newline
    expect(writes.every((text, i) => (i < 101 ? text.startsWith('\r') : text === '\n'))).toBe(true);
  });
});

describe('formatTable', () => {
  it('pads columns and right-aligns numbers', () => {
    expect(
      formatTable(
        ['port', 'Mbit/s'],
        [
          ['0', '941.2'],
          ['all', '3764.8'],
        ],
        ['left', 'right'],
      ),
    ).toBe(['port  Mbit/s', '0      941.2', 'all   3764.8'].join('\n'));
  });
});
