import fs from 'node:fs';
import path from 'node:path';
import type { Results } from '../sim/metrics/results.ts';
import { axisOfError } from '../sim/metrics/sweep-grid.ts';
import { PRESETS, getPreset } from '../sim/scenario/presets.ts';
import { formatScenarioErrors, parseScenario, type Scenario } from '../sim/scenario/schema.ts';
import { InputError, UsageError, parseCommandLine, type Command } from './args.ts';
import { describeFsError, formatPresetTable, readScenarioFile } from './files.ts';
import { ProgressReporter } from './progress.ts';
import {
  gridId,
  mergeParts,
  parseSeeds,
  parseShard,
  partHeader,
  partRow,
  replicatedHeader,
  replicatedRow,
  shardPoints,
} from './sweep-shard.ts';
import { formatSummary } from './summary.ts';
import {
  csvHeader,
  csvPointRow,
  describePoint,
  expandGrid,
  parseSetFlags,
  setPath,
  sweepMetrics,
  type SweepAxis,
  type SweepPoint,
} from './sweep.ts';

import type { PcapSink, RunOptions } from '../sim/run.ts';

export type { PcapSink, RunOptions } from '../sim/run.ts';

export type RunScenario = (scenario: Scenario, options?: RunOptions) => Results;

/** Everything the command line touches besides the file system: a seam for tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** A terminal gets one updating progress line; a pipe gets at most ~10 lines. */
  stderrIsTTY: boolean;
  /** Loaded lazily so `presets` and `--help` never load the simulator. */
  loadRunScenario(): Promise<RunScenario>;
}

/** Runs one command line; resolves to the exit status (0, 2 invalid input, 1 internal). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(parseCommandLine(argv), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`offload-lab: ${error.message}\nRun 'offload-lab --help' for usage.\n`);
      return 2;
    }
    // A valid scenario that asks for something the model cannot simulate yet is the
    // user's input to change, not a crash (matched by name: the simulator loads lazily).
    if (error instanceof Error && error.name === 'UnsupportedScenarioError') {
      io.stderr(`offload-lab: ${error.message}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      io.stderr(`offload-lab: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    const stack = error instanceof Error && error.stack !== undefined ? `\n${error.stack}` : '';
    io.stderr(`offload-lab: internal error: ${message}${stack}\n`);
    return 1;
  }
}

async function dispatch(command: Command, io: CliIo): Promise<number> {
  switch (command.kind) {
    case 'help':
      io.stdout(command.text);
      return 0;
    case 'presets':
      return listPresets(command.writeDir, io);
    case 'sweep':
      return sweep(command, io);
    case 'sweep-merge':
      return sweepMerge(command, io);
    case 'run':
      return run(command, io);
    case 'tcp-script': {
      // Loaded only for this command, like the simulator for `run`.
      const { tcpScript } = await import('./tcp-script.ts');
      return tcpScript(command, io);
    }
  }
}

function listPresets(writeDir: string | undefined, io: CliIo): number {
  if (writeDir === undefined) {
    io.stdout(`${formatPresetTable(PRESETS)}\n`);
    return 0;
  }
  makeDirectory(writeDir, '--write');
  for (const preset of PRESETS) {
    const parsed = parseScenario(preset.scenario);
    if (!parsed.ok)
      throw new Error(`preset ${preset.id} is invalid: ${formatScenarioErrors(parsed.errors)}`);
    const file = path.join(writeDir, `${preset.id}.json`);
    writeText(file, `${JSON.stringify(parsed.scenario, null, 2)}\n`, '--write');
    io.stdout(`${file}\n`);
  }
  return 0;
}

type RunCommand = Extract<Command, { kind: 'run' }>;

async function run(command: RunCommand, io: CliIo): Promise<number> {
  const scenario = loadScenario(command);
  if (command.out !== undefined) checkParentDirectory(command.out, '--out');
  if (command.pcapDir !== undefined) makeDirectory(command.pcapDir, '--pcap');

  const runScenario = await io.loadRunScenario();
  const captures =
    command.pcapDir === undefined ? null : new CaptureFiles(command.pcapDir, scenario.nic.ports);
  const progress = command.quiet ? null : new ProgressReporter(io.stderr, io.stderrIsTTY);
  const options: RunOptions = { clock: () => performance.now(), bottleneckCheck: command.check };
  if (captures !== null) {
    options.pcap = { sinkForPort: (port) => captures.open(port) };
    if (command.snaplen !== undefined) options.pcap.snaplen = command.snaplen;
  }
  if (progress !== null) options.onProgress = (done, total) => progress.update(done, total);

  let results: Results;
  try {
    results = runScenario(scenario, options);
  } finally {
    progress?.finish();
    captures?.closeAll();
  }

  if (command.out !== undefined) {
    writeText(command.out, `${JSON.stringify(results, null, 2)}\n`, '--out');
    if (!command.quiet) io.stderr(`wrote ${command.out}\n`);
  } else {
    io.stdout(formatSummary(results));
  }
  if (captures !== null && !command.quiet) {
    io.stderr(`wrote ${captures.opened()} capture file(s) to ${command.pcapDir}\n`);
  }
  return 0;
}

type SweepCommand = Extract<Command, { kind: 'sweep' }>;

async function sweep(command: SweepCommand, io: CliIo): Promise<number> {
  const axes = parseSetFlags(command.sets);
  const shard = command.shard === undefined ? undefined : parseShard(command.shard);
  const seeds = command.seeds === undefined ? null : parseSeeds(command.seeds);
  if (seeds !== null && axes.some((axis) => axis.path === 'seed')) {
    throw new UsageError('--seeds and --set seed=… both set the seed: give one of them');
  }
  const { source, input } = readScenarioInput(command.scenario);
  const points = expandGrid(axes);
  // Every point is validated before the first one runs (all of them, in every shard, so
  // each part refuses the same bad grid).
  const scenarios = points.map((point, i) =>
    sweepScenario(source, input, axes, point, `${i + 1}/${points.length}`),
  );
  if (command.out !== undefined) checkParentDirectory(command.out, '--out');

  const runScenario = await io.loadRunScenario();
  const paths = axes.map((axis) => axis.path);
  const grid = shard === undefined ? null : gridId({ input, axes, seeds, check: command.check });
  const plain = seeds === null ? csvHeader(axes) : replicatedHeader(paths);
  const header = grid === null ? plain : partHeader(plain);
  const mine = shardPoints(points.length, shard);
  const rows: string[] = [];
  if (command.out === undefined) io.stdout(header);
  for (const i of mine) {
    const point = points[i] as SweepPoint;
    const texts = point.map(({ text }) => text);
    if (!command.quiet) io.stderr(`point ${i + 1}/${points.length}: ${describePoint(point)}\n`);
    const runOne = (scenario: Scenario) =>
      runScenario(scenario, { clock: () => performance.now(), bottleneckCheck: command.check });
    const scenario = scenarios[i] as Scenario;
    const plainRow =
      seeds === null
        ? csvPointRow(point, runOne(scenario))
        : replicatedRow(
            texts,
            seeds.map((seed) => sweepMetrics(runOne({ ...scenario, seed }))),
          );
    const row = grid === null ? plainRow : partRow(grid, i, points.length, plainRow);
    if (command.out === undefined) io.stdout(row);
    else rows.push(row);
  }
  if (command.out !== undefined) {
    writeText(command.out, header + rows.join(''), '--out');
    if (!command.quiet) io.stderr(`wrote ${command.out} (${mine.length} rows)\n`);
  }
  return 0;
}

type MergeCommand = Extract<Command, { kind: 'sweep-merge' }>;

/** `sweep-merge PART.csv…`: the whole grid's file from the parts of a sharded sweep. */
function sweepMerge(command: MergeCommand, io: CliIo): number {
  const parts = command.parts.map((name) => {
    try {
      return { name, text: fs.readFileSync(name, 'utf8') };
    } catch (error) {
      throw new InputError(`${name}: cannot read (${describeFsError(error)})`);
    }
  });
  if (command.out !== undefined) checkParentDirectory(command.out, '--out');
  const merged = mergeParts(parts);
  if (command.out === undefined) io.stdout(merged);
  else writeText(command.out, merged, '--out');
  return 0;
}

/** One sweep point's scenario; an error names the `--set` path it came from. */
function sweepScenario(
  source: string,
  input: unknown,
  axes: readonly SweepAxis[],
  point: SweepPoint,
  label: string,
): Scenario {
  let document = input;
  for (const { path: field, value } of point) document = setPath(document, field, value);
  const parsed = parseScenario(document);
  if (parsed.ok) return parsed.scenario;
  const fromAxis = (errorPath: string) => axisOfError(axes, errorPath);
  const unknown = parsed.errors.find(
    (error) => error.message.startsWith('unknown field') && fromAxis(error.path) !== undefined,
  );
  if (unknown !== undefined) {
    const axis = fromAxis(unknown.path) as SweepAxis;
    throw new InputError(
      `--set ${axis.path}: unknown scenario path (${formatScenarioErrors([unknown])})`,
    );
  }
  const errors = parsed.errors.map((error) =>
    fromAxis(error.path) === undefined ? error : { ...error, path: `${error.path} (from --set)` },
  );
  const lines = formatScenarioErrors(errors).replace(/^/gm, '  ');
  throw new InputError(
    `${source}: sweep point ${label} (${describePoint(point)}) is an invalid scenario:\n${lines}`,
  );
}

/** The scenario from a file (or a preset id), with `--seed`/`--duration-ms` applied. */
function loadScenario(command: RunCommand): Scenario {
  const { source, input } = readScenarioInput(command.scenario);
  const overrides: [flag: string, field: string, value: number | undefined][] = [
    ['--seed', 'seed', command.seed],
    ['--duration-ms', 'durationMs', command.durationMs],
  ];
  let document = input;
  if (isPlainObject(input)) {
    document = { ...input };
    for (const [, field, value] of overrides) {
      if (value !== undefined) (document as Record<string, unknown>)[field] = value;
    }
  }
  const parsed = parseScenario(document);
  if (parsed.ok) return parsed.scenario;
  const errors = parsed.errors.map((error) => {
    const override = overrides.find(
      ([, field, value]) => field === error.path && value !== undefined,
    );
    return override === undefined
      ? error
      : { ...error, path: `${error.path} (from ${override[0]})` };
  });
  const lines = formatScenarioErrors(errors).replace(/^/gm, '  ');
  throw new InputError(`${source}: invalid scenario:\n${lines}`);
}

function readScenarioInput(arg: string): { source: string; input: unknown } {
  if (fs.existsSync(arg)) return { source: arg, input: readScenarioFile(arg) };
  const preset = getPreset(arg);
  if (preset !== undefined)
    return { source: `preset ${arg}`, input: structuredClone(preset.scenario) };
  throw new InputError(
    `${arg}: no such file, and no preset with that id (presets: ${PRESETS.map((p) => p.id).join(', ')})`,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkParentDirectory(file: string, flag: string): void {
  const parent = path.dirname(path.resolve(file));
  if (!fs.existsSync(parent) || !fs.statSync(parent).isDirectory()) {
    throw new InputError(`${flag} ${file}: directory ${parent} does not exist`);
  }
}

function makeDirectory(dir: string, flag: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new InputError(`${flag} ${dir}: cannot create directory (${describeFsError(error)})`);
  }
}

function writeText(file: string, text: string, flag: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new InputError(`${flag} ${file}: cannot write (${describeFsError(error)})`);
  }
}

/** `DIR/port<N>.pcap`, written synchronously as the simulator hands over bytes. */
class CaptureFiles {
  private readonly fds = new Map<number, number | null>();

  constructor(
    private readonly dir: string,
    private readonly ports: number,
  ) {}

  open(port: number): PcapSink {
    if (!Number.isInteger(port) || port < 0 || port >= this.ports) {
      throw new Error(
        `capture requested for port ${port}; the NIC has ports 0 to ${this.ports - 1}`,
      );
    }
    if (this.fds.has(port)) throw new Error(`capture for port ${port} opened twice`);
    const file = path.join(this.dir, `port${port}.pcap`);
    const fd = fs.openSync(file, 'w');
    this.fds.set(port, fd);
    return {
      write: (chunk) => {
        const current = this.fds.get(port);
        if (current === null || current === undefined) throw new Error(`${file} is already closed`);
        // writeSync may write less than asked (a full disk, a pipe); finish the chunk.
        for (let done = 0; done < chunk.length;) {
          done += fs.writeSync(current, chunk, done, chunk.length - done);
        }
      },
      close: () => this.close(port),
    };
  }

  opened(): number {
    return this.fds.size;
  }

  closeAll(): void {
    for (const port of this.fds.keys()) this.close(port);
  }

  private close(port: number): void {
    const fd = this.fds.get(port);
    if (fd === null || fd === undefined) return;
    this.fds.set(port, null);
    fs.closeSync(fd);
  }
}
