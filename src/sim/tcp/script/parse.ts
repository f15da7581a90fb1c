import { TCP_PROFILES_LIST, type Setting, parseSysctl } from './settings.ts';
import { ScriptError, parsePacket, type PacketSpec } from './packet.ts';
import type { TcpProfile } from '../config.ts';

/** When an event happens: seconds from the start, after the previous event, or any time. */
export type TimeSpec =
  { kind: 'absolute'; seconds: number } | { kind: 'relative'; seconds: number } | { kind: 'any' };

/** `tcpi_name op value` inside `%{ assert … }%`. */
export interface Check {
  field: string;
  op: '==' | '!=' | '<' | '<=' | '>' | '>=';
  value: number;
}

/** A system call's expected result: a value, or -1 with an errno name. */
export interface SyscallResult {
  value: number;
  errno: string | null;
}

interface Base {
  /** 1-based line in the script. */
  line: number;
  text: string;
}

export type ScriptEvent =
  | (Base & {
      kind: 'syscall';
      time: TimeSpec;
      name: string;
      args: string[];
      result: SyscallResult;
    })
  | (Base & { kind: 'inbound' | 'outbound'; time: TimeSpec; packet: PacketSpec })
  | (Base & { kind: 'icmp-frag-needed'; time: TimeSpec; mtu: number })
  | (Base & { kind: 'assert'; time: TimeSpec; checks: Check[] })
  | (Base & { kind: 'setting'; setting: Setting });

export interface Script {
  /** Profiles the script is written for (`// profiles: …`), or null when it says none. */
  profiles: TcpProfile[] | null;
  events: ScriptEvent[];
}

const TIME = /^(\*|\+?(?:\d+(?:\.\d*)?|\.\d+))\s+/;

/**
 * Reads a script in packetdrill's format (the subset the runner plays, listed in
 * runner.ts). Comments are `//`, `/* … *\/` and `#`; `// profiles: linux linux-2.4`
 * names the profiles the script is written for. Throws ScriptError with the line.
 */
export function parseScript(source: string): Script {
  const lines = stripBlockComments(source).split('\n');
  const events: ScriptEvent[] = [];
  let profiles: TcpProfile[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const raw = lines[i]!;
    const directive = /^\s*\/\/\s*profiles?:\s*(.*)$/.exec(raw);
    if (directive !== null) {
      profiles = parseProfiles(directive[1]!, line);
      continue;
    }
    const text = raw
      .replace(/\/\/.*$/, '')
      .replace(/^\s*#.*$/, '')
      .trim();
    if (text === '') continue;
    if (text.startsWith('`')) {
      if (!text.endsWith('`') || text.length < 2)
        throw new ScriptError(line, 'a `command` must end with a backtick');
      events.push({ kind: 'setting', line, text, setting: parseSysctl(text.slice(1, -1), line) });
      continue;
    }
    const timeMatch = TIME.exec(text);
    if (timeMatch === null) {
      throw new ScriptError(line, `expected a time (0.100, +0.1 or *) at the start of "${text}"`);
    }
    const time = parseTime(timeMatch[1]!);
    const rest = text.slice(timeMatch[0].length).trim();
    if (rest.startsWith('%{')) {
      // A block may run over several lines, until }%.
      let body = rest;
      while (!body.includes('}%')) {
        i++;
        if (i >= lines.length)
          throw new ScriptError(line, 'an assertion block %{ is not closed with }%');
        body += '\n' + lines[i]!;
      }
      events.push({
        kind: 'assert',
        line,
        text: rest.split('\n')[0]!,
        time,
        checks: parseChecks(body, line),
      });
    } else if (rest.startsWith('<') || rest.startsWith('>')) {
      const body = rest.slice(1).trim();
      const icmp = /^icmp\s+unreachable\s+frag_needed\s+mtu\s+(\d+)/.exec(body);
      if (icmp !== null && rest.startsWith('<')) {
        events.push({ kind: 'icmp-frag-needed', line, text: rest, time, mtu: Number(icmp[1]) });
      } else {
        if (time.kind === 'any' && rest.startsWith('<')) {
          throw new ScriptError(line, 'an injected segment needs a time, not *');
        }
        const kind = rest.startsWith('<') ? 'inbound' : 'outbound';
        events.push({ kind, line, text: rest, time, packet: parsePacket(body, line) });
      }
    } else {
      if (time.kind === 'any') throw new ScriptError(line, 'a system call needs a time, not *');
      events.push({ kind: 'syscall', line, text: rest, time, ...parseSyscall(rest, line) });
    }
  }
  return { profiles, events };
}

function stripBlockComments(source: string): string {
  // Keeps newlines so line numbers stay right.
  return source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
}

function parseProfiles(text: string, line: number): TcpProfile[] {
  const names = text.split(/[\s,]+/).filter((w) => w !== '');
  for (const n of names) {
    if (!(TCP_PROFILES_LIST as readonly string[]).includes(n)) {
      throw new ScriptError(
        line,
        `unknown profile "${n}" (profiles: ${TCP_PROFILES_LIST.join(', ')})`,
      );
    }
  }
  if (names.length === 0)
    throw new ScriptError(line, 'a profiles: line names at least one profile');
  return names as TcpProfile[];
}

function parseTime(text: string): TimeSpec {
  if (text === '*') return { kind: 'any' };
  if (text.startsWith('+')) return { kind: 'relative', seconds: Number(text.slice(1)) };
  return { kind: 'absolute', seconds: Number(text) };
}

function parseSyscall(
  text: string,
  line: number,
): { name: string; args: string[]; result: SyscallResult } {
  const m = /^([a-z_]+)\((.*)\)\s*=\s*(-?\d+)(?:\s+([A-Z][A-Z0-9_]*))?(?:\s*\(.*\))?\s*$/.exec(
    text,
  );
  if (m === null) {
    throw new ScriptError(
      line,
      `expected a system call like "write(4, ..., 1000) = 1000" (got "${text}")`,
    );
  }
  const value = Number(m[3]);
  const errno = m[4] ?? null;
  if (value === -1 && errno === null)
    throw new ScriptError(line, '"= -1" needs an errno name, e.g. EAGAIN');
  return { name: m[1]!, args: splitArgs(m[2]!), result: { value, errno } };
}

/** Splits call arguments at top-level commas ([8192] and {…} stay whole). */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '[' || ch === '{' || ch === '(') depth++;
    if (ch === ']' || ch === '}' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

function parseChecks(body: string, line: number): Check[] {
  const inner = body.slice(body.indexOf('%{') + 2, body.indexOf('}%'));
  const checks: Check[] = [];
  for (const stmt of inner.split(/[;\n]/)) {
    const s = stmt.trim();
    if (s === '') continue;
    const m = /^assert\s+(tcpi_[a-z_]+)\s*(==|!=|<=|>=|<|>)\s*(-?\d+)\s*(?:,.*)?$/.exec(s);
    if (m === null) {
      throw new ScriptError(line, `expected "assert tcpi_<field> <op> <integer>" (got "${s}")`);
    }
    checks.push({ field: m[1]!, op: m[2] as Check['op'], value: Number(m[3]) });
  }
  if (checks.length === 0)
    throw new ScriptError(line, 'an assertion block holds at least one assert');
  return checks;
}
