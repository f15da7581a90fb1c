/**
 * The command line's grammar (DESIGN.md §6 "Command line"): words in, a typed command
 * out, or a `UsageError` that names the flag and what it accepts.
 */

export type Command =
  | { kind: 'help'; text: string }
  | {
      kind: 'run';
      /** A file path, or a preset id when no such file exists. */
      scenario: string;
      out?: string;
      pcapDir?: string;
      snaplen?: number;
      seed?: number;
      durationMs?: number;
      quiet: boolean;
      /** Decide the bottleneck by the what-if re-runs (off with --no-check). */
      check: boolean;
    }
  | { kind: 'presets'; writeDir?: string }
  | {
      kind: 'tcp-script';
      /** Script files in packetdrill's format. */
      files: string[];
      /** The profile to run each under; undefined: every profile the script declares. */
      profile?: 'linux' | 'linux-2.4';
      quiet: boolean;
    }
  | {
      kind: 'sweep';
      /** A file path, or a preset id when no such file exists. */
      scenario: string;
      /** Each `--set PATH=V1,V2,...` as typed, in order. */
      sets: string[];
      out?: string;
      quiet: boolean;
      check: boolean;
      /** `--shard K/N` as typed: run only the K-th of N parts of the grid. */
      shard?: string;
      /** `--seeds A..B` or `A,B,C` as typed: replicate every point. */
      seeds?: string;
    }
  | { kind: 'sweep-merge'; parts: string[]; out?: string };

/** Bad input on the command line: exit 2 with this message, no stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A file or scenario the user named cannot be used: exit 2 with this message, no stack. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export const USAGE = `Offload Lab: how much of TCP should a multi-port gigabit NIC do?

Usage:
  offload-lab run SCENARIO.json [--out RESULTS.json] [--pcap DIR] [--snaplen N]
                                [--seed N] [--duration-ms N] [--no-check] [--quiet]
  offload-lab sweep SCENARIO.json --set PATH=V1,V2,... [--set PATH=...]
                                  [--seeds A..B] [--shard K/N]
                                  [--out FILE.csv] [--no-check] [--quiet]
  offload-lab sweep-merge PART.csv... [--out FILE.csv]
  offload-lab presets [--write DIR]
  offload-lab tcp-script FILE.pkt... [--profile linux|linux-2.4] [--quiet]
  offload-lab --help

Commands:
  run       simulate a scenario file (or a built-in preset id, e.g. 4x1g-bulk-send)
  sweep     run a scenario once per combination of --set values; one CSV row each
  sweep-merge  the whole grid's CSV from the parts of a sweep run with --shard
  presets   list the built-in scenarios; --write DIR saves each as DIR/<id>.json
  tcp-script  replay packetdrill-style scripts against the simulated TCP and print a
            transcript; the suite is in src/sim/tcp/scripts/

Options for run:
  --out FILE       write the results JSON to FILE (otherwise print a summary)
  --pcap DIR       write DIR/port0.pcap, port1.pcap, … (one per NIC port)
  --snaplen N      cut captured frames to N bytes (1 to 262144; original length kept)
  --seed N         override the scenario's seed (a non-negative integer)
  --duration-ms N  override the scenario's duration in simulated milliseconds
  --no-check       skip the bottleneck check's re-runs (each of the two busiest resources
                   25 % faster); the bottleneck is then the live badge's utilisation rule
  --quiet          no progress on stderr

Options for sweep:
  --set PATH=V1,V2,...  a dotted scenario path and its values, e.g. host.cpuGhz=1.2,2.4
                        or bus.kind=pci-66,pcix-133; several --set sweep every combination
  --seeds A..B          run every point once per seed (a range, or a list A,B,C); each
                        row then has the mean of every figure and its 95 % interval
                        (<figure>Ci95), the bottleneck most seeds named and its share
  --shard K/N           run only the K-th of N parts of the grid (every N-th point from
                        the K-th); each row carries grid,point,points for sweep-merge
  --out FILE.csv        write the CSV to FILE (otherwise to stdout)
  --no-check            skip the bottleneck check's re-runs at every point
  --quiet               no progress on stderr

Options for sweep-merge:
  --out FILE.csv        write the merged CSV to FILE (otherwise to stdout); it is the file
                        the unsharded sweep writes. Parts of different sweeps, a point
                        twice or a missing point are refused.

Options for tcp-script:
  --profile P      run under TCP profile P (linux or linux-2.4); otherwise under every
                   profile the script names in a "// profiles: ..." comment (default linux)
  --quiet          print only one result line per script and profile

  A script holds, one per line, with a time (0.100, +0.1, or * for outbound "any time"):
    socket/setsockopt/fcntl/bind/listen/accept/connect/write/read/shutdown/close calls,
      e.g. +0 write(4, ..., 1000) = 1000 (calls never block: -1 EAGAIN when they would)
    < S 0:0(0) win 65535 <mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7>   injected
    > S. 0:0(0) ack 1 <...>        expected from the stack, within ±4 ms, in order
    < icmp unreachable frag_needed mtu 1200
    %{ assert tcpi_snd_cwnd == 10 }%   (tcpi_snd_cwnd, tcpi_snd_ssthresh, tcpi_rto,
      tcpi_rcv_mss, tcpi_snd_mss, tcpi_ca_state, tcpi_unacked, tcpi_sacked, tcpi_lost, …)
    \`sysctl -q net.ipv4.tcp_sack=0\`  (tcp_sack, tcp_timestamps, tcp_window_scaling,
      tcp_congestion_control, tcp_rmem, tcp_wmem: mapped to the scenario's tcp fields)
  The stack's sequence numbers are relative to its ISN; the remote's are as written.

Exit status: 0 success, 2 invalid input, 1 internal error.
tcp-script: 0 every line held, 1 a mismatch (expected and actual line printed),
  2 a script that cannot be read (its file and line named).
`;

type FlagKind = 'path' | 'number' | 'switch' | 'list';
interface FlagSpec {
  kind: FlagKind;
  /** What the value is, for "needs a value" messages. */
  value?: string;
}

const RUN_FLAGS: Record<string, FlagSpec> = {
  '--out': { kind: 'path', value: 'a file path' },
  '--pcap': { kind: 'path', value: 'a directory' },
  '--snaplen': { kind: 'number', value: 'an integer from 1 to 262144' },
  '--seed': { kind: 'number', value: 'a non-negative integer' },
  '--duration-ms': { kind: 'number', value: 'a number of milliseconds' },
  '--no-check': { kind: 'switch' },
  '--quiet': { kind: 'switch' },
};

const SWEEP_FLAGS: Record<string, FlagSpec> = {
  '--set': { kind: 'list', value: 'PATH=V1,V2,...' },
  '--shard': { kind: 'path', value: 'K/N, e.g. 2/8' },
  '--seeds': { kind: 'path', value: 'A..B or A,B,C' },
  '--out': { kind: 'path', value: 'a file path' },
  '--no-check': { kind: 'switch' },
  '--quiet': { kind: 'switch' },
};

const MERGE_FLAGS: Record<string, FlagSpec> = {
  '--out': { kind: 'path', value: 'a file path' },
};

const TCP_SCRIPT_FLAGS: Record<string, FlagSpec> = {
  '--profile': { kind: 'path', value: 'linux or linux-2.4' },
  '--quiet': { kind: 'switch' },
};

const PRESETS_FLAGS: Record<string, FlagSpec> = {
  '--write': { kind: 'path', value: 'a directory' },
};

/** tcpdump's limits for `-s`: 54 keeps Ethernet + IPv4 + TCP headers without options. */
export const SNAPLEN_MIN = 1;
export const SNAPLEN_MAX = 262_144;

interface Parsed {
  positionals: string[];
  values: Map<string, string | true>;
  /** Flags that may be given more than once (`list`), every value in order. */
  lists: Map<string, string[]>;
}

/** Splits words into positionals and known flags (`--out FILE` or `--out=FILE`). */
function split(command: string, words: readonly string[], specs: Record<string, FlagSpec>): Parsed {
  const positionals: string[] = [];
  const values = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    const equals = word.indexOf('=');
    const name = equals >= 0 ? word.slice(0, equals) : word;
    const spec = specs[name];
    if (spec === undefined) {
      const allowed = Object.keys(specs).join(', ');
      throw new UsageError(`unknown flag ${name} for '${command}' (allowed: ${allowed}, --help)`);
    }
    if (spec.kind === 'switch') {
      if (equals >= 0) throw new UsageError(`${name} takes no value`);
      values.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (equals >= 0) value = word.slice(equals + 1);
    else {
      const next = words[i + 1];
      if (next !== undefined && !(next.startsWith('--') && next.length > 2)) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === '') {
      throw new UsageError(`${name} needs a value (${spec.value ?? 'a value'})`);
    }
    if (spec.kind === 'list') lists.set(name, [...(lists.get(name) ?? []), value]);
    else values.set(name, value);
  }
  return { positionals, values, lists };
}

function numberFlag(parsed: Parsed, name: string): number | undefined {
  const text = parsed.values.get(name);
  if (text === undefined || text === true) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(
      `${name}: must be ${RUN_FLAGS[name]?.value ?? 'a number'} (got "${text}")`,
    );
  }
  return value;
}

function pathFlag(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values.get(name);
  return typeof value === 'string' ? value : undefined;
}

function parseRun(words: readonly string[]): Command {
  const parsed = split('run', words, RUN_FLAGS);
  if (parsed.positionals.length === 0) {
    throw new UsageError('run: missing SCENARIO (a scenario JSON file or a preset id)');
  }
  if (parsed.positionals.length > 1) {
    throw new UsageError(
      `run: expected one SCENARIO, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`,
    );
  }
  const snaplen = numberFlag(parsed, '--snaplen');
  if (
    snaplen !== undefined &&
    (!Number.isInteger(snaplen) || snaplen < SNAPLEN_MIN || snaplen > SNAPLEN_MAX)
  ) {
    throw new UsageError(
      `--snaplen: must be an integer from ${SNAPLEN_MIN} to ${SNAPLEN_MAX} (got ${snaplen})`,
    );
  }
  if (snaplen !== undefined && !parsed.values.has('--pcap')) {
    throw new UsageError('--snaplen only applies with --pcap DIR');
  }
  const command: Command = {
    kind: 'run',
    scenario: parsed.positionals[0] as string,
    quiet: parsed.values.get('--quiet') === true,
    check: parsed.values.get('--no-check') !== true,
  };
  const out = pathFlag(parsed, '--out');
  const pcapDir = pathFlag(parsed, '--pcap');
  const seed = numberFlag(parsed, '--seed');
  const durationMs = numberFlag(parsed, '--duration-ms');
  if (out !== undefined) command.out = out;
  if (pcapDir !== undefined) command.pcapDir = pcapDir;
  if (snaplen !== undefined) command.snaplen = snaplen;
  if (seed !== undefined) command.seed = seed;
  if (durationMs !== undefined) command.durationMs = durationMs;
  return command;
}

function parseSweep(words: readonly string[]): Command {
  const parsed = split('sweep', words, SWEEP_FLAGS);
  if (parsed.positionals.length === 0) {
    throw new UsageError('sweep: missing SCENARIO (a scenario JSON file or a preset id)');
  }
  if (parsed.positionals.length > 1) {
    throw new UsageError(
      `sweep: expected one SCENARIO, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`,
    );
  }
  const sets = parsed.lists.get('--set') ?? [];
  if (sets.length === 0) throw new UsageError('sweep: needs at least one --set PATH=V1,V2,...');
  const command: Command = {
    kind: 'sweep',
    scenario: parsed.positionals[0] as string,
    sets,
    quiet: parsed.values.get('--quiet') === true,
    check: parsed.values.get('--no-check') !== true,
  };
  const out = pathFlag(parsed, '--out');
  if (out !== undefined) command.out = out;
  const shard = pathFlag(parsed, '--shard');
  if (shard !== undefined) command.shard = shard;
  const seeds = pathFlag(parsed, '--seeds');
  if (seeds !== undefined) command.seeds = seeds;
  return command;
}

function parseSweepMerge(words: readonly string[]): Command {
  const parsed = split('sweep-merge', words, MERGE_FLAGS);
  if (parsed.positionals.length === 0) {
    throw new UsageError('sweep-merge: missing PART.csv (the files of sweep --shard K/N)');
  }
  const out = pathFlag(parsed, '--out');
  return out === undefined
    ? { kind: 'sweep-merge', parts: parsed.positionals }
    : { kind: 'sweep-merge', parts: parsed.positionals, out };
}

function parsePresets(words: readonly string[]): Command {
  const parsed = split('presets', words, PRESETS_FLAGS);
  if (parsed.positionals.length > 0) {
    throw new UsageError(`presets: unexpected argument ${parsed.positionals[0]}`);
  }
  const writeDir = pathFlag(parsed, '--write');
  return writeDir === undefined ? { kind: 'presets' } : { kind: 'presets', writeDir };
}

function parseTcpScript(words: readonly string[]): Command {
  const parsed = split('tcp-script', words, TCP_SCRIPT_FLAGS);
  if (parsed.positionals.length === 0) {
    throw new UsageError('tcp-script: missing FILE.pkt (a script in packetdrill format)');
  }
  const command: Command = {
    kind: 'tcp-script',
    files: parsed.positionals,
    quiet: parsed.values.get('--quiet') === true,
  };
  const profile = pathFlag(parsed, '--profile');
  if (profile !== undefined) {
    if (profile !== 'linux' && profile !== 'linux-2.4') {
      throw new UsageError(`--profile: must be one of linux, linux-2.4 (got "${profile}")`);
    }
    command.profile = profile;
  }
  return command;
}

const COMMANDS = ['run', 'presets', 'sweep', 'sweep-merge', 'tcp-script'];

/** The command the words ask for. Throws `UsageError` on anything it cannot accept. */
export function parseCommandLine(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError(`missing command (one of ${COMMANDS.join(', ')})`);
  if (first === '--help' || first === '-h' || first === 'help')
    return { kind: 'help', text: USAGE };
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', text: USAGE };
  switch (first) {
    case 'run':
      return parseRun(rest);
    case 'presets':
      return parsePresets(rest);
    case 'sweep':
      return parseSweep(rest);
    case 'sweep-merge':
      return parseSweepMerge(rest);

    case 'tcp-script':
      return parseTcpScript(rest);
    default:
      throw new UsageError(
        `unknown command '${first}' (one of ${COMMANDS.join(', ')}; see offload-lab --help)`,
      );
  }
}
