import { TcpFlag } from '../../wire/types.ts';

/** One TCP option as a script writes it (packetdrill's `<mss 1460,sackOK,TS val 1 ecr 0,…>`). */
export type OptionSpec =
  | { kind: 'mss'; value: number }
  | { kind: 'wscale'; value: number }
  | { kind: 'sackOK' }
  | { kind: 'sack'; blocks: [number, number][] }
  | { kind: 'ts'; val: number; ecr: number }
  | { kind: 'nop' }
  | { kind: 'eol' };

/** A TCP segment line: `flags start:end(len) [ack N] [win W] [<options>]`. */
export interface PacketSpec {
  flags: number;
  /** As written, e.g. `S.`, `P.`, `F.`, `R`. */
  flagText: string;
  seq: number;
  end: number;
  ack: number | null;
  win: number | null;
  /** null: no option list given (not checked); 'any': `<...>`. */
  options: OptionSpec[] | 'any' | null;
}

/** A line the script cannot be read from: exit 2 with its line number. */
export class ScriptError extends Error {
  override readonly name = 'ScriptError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const FLAG_LETTERS: Record<string, number> = {
  S: TcpFlag.SYN,
  F: TcpFlag.FIN,
  R: TcpFlag.RST,
  P: TcpFlag.PSH,
  '.': TcpFlag.ACK,
  U: TcpFlag.URG,
  E: TcpFlag.ECE,
  W: TcpFlag.CWR,
};

function integer(text: string, what: string, line: number): number {
  if (!/^\d+$/.test(text))
    throw new ScriptError(line, `${what} must be a non-negative integer (got "${text}")`);
  const n = Number(text);
  if (n > 0xffff_ffff) throw new ScriptError(line, `${what} must fit 32 bits (got ${text})`);
  return n;
}

/** Parses the packet part of a `<` or `>` line (after the direction). */
export function parsePacket(text: string, line: number): PacketSpec {
  const optStart = text.indexOf('<');
  const head = (optStart >= 0 ? text.slice(0, optStart) : text).trim();
  const words = head.split(/\s+/);
  const flagText = words[0] ?? '';
  let flags = 0;
  for (const ch of flagText) {
    const bit = FLAG_LETTERS[ch];
    if (bit === undefined) {
      throw new ScriptError(
        line,
        `unknown TCP flag "${ch}" in "${flagText}" (flags: S F R P . U E W)`,
      );
    }
    flags |= bit;
  }
  const range = /^(\d+):(\d+)\((\d+)\)$/.exec(words[1] ?? '');
  if (range === null) {
    throw new ScriptError(
      line,
      `expected start:end(length) after the flags (got "${words[1] ?? ''}")`,
    );
  }
  const seq = integer(range[1]!, 'sequence start', line);
  const end = integer(range[2]!, 'sequence end', line);
  const len = integer(range[3]!, 'length', line);
  if ((end - seq) >>> 0 !== len) {
    throw new ScriptError(line, `${seq}:${end}(${len}): the length must be end − start`);
  }
  let ack: number | null = null;
  let win: number | null = null;
  for (let i = 2; i < words.length; i += 2) {
    const value = words[i + 1];
    if (value === undefined) throw new ScriptError(line, `"${words[i]}" needs a value`);
    if (words[i] === 'ack') ack = integer(value, 'ack', line);
    else if (words[i] === 'win') win = integer(value, 'win', line);
    else throw new ScriptError(line, `unexpected "${words[i]}" (allowed: ack N, win N, <options>)`);
  }
  if (win !== null && win > 0xffff)
    throw new ScriptError(line, `win must be at most 65535 (got ${win})`);
  if (ack !== null && !(flags & TcpFlag.ACK)) {
    throw new ScriptError(
      line,
      `"ack ${ack}" on a segment without the ACK flag (write "." in the flags)`,
    );
  }
  let options: OptionSpec[] | 'any' | null = null;
  if (optStart >= 0) {
    const close = text.lastIndexOf('>');
    if (close < optStart) throw new ScriptError(line, 'option list "<" is not closed with ">"');
    options = parseOptions(text.slice(optStart + 1, close), line);
  }
  return { flags, flagText, seq, end, ack, win, options };
}

function parseOptions(text: string, line: number): OptionSpec[] | 'any' {
  if (text.trim() === '...') return 'any';
  const out: OptionSpec[] = [];
  for (const raw of text.split(',')) {
    const words = raw.trim().split(/\s+/);
    const num = (i: number, what: string) => integer(words[i] ?? '', what, line);
    switch (words[0]) {
      case 'mss':
        out.push({ kind: 'mss', value: num(1, 'mss') });
        break;
      case 'wscale':
        out.push({ kind: 'wscale', value: num(1, 'wscale') });
        break;
      case 'sackOK':
        out.push({ kind: 'sackOK' });
        break;
      case 'nop':
        out.push({ kind: 'nop' });
        break;
      case 'eol':
        out.push({ kind: 'eol' });
        break;
      case 'TS':
        if (words[1] !== 'val' || words[3] !== 'ecr') {
          throw new ScriptError(
            line,
            `timestamp option must read "TS val N ecr M" (got "${raw.trim()}")`,
          );
        }
        out.push({ kind: 'ts', val: num(2, 'TS val'), ecr: num(4, 'TS ecr') });
        break;
      case 'sack': {
        const blocks: [number, number][] = words.slice(1).map((b) => {
          const m = /^(\d+):(\d+)$/.exec(b);
          if (m === null)
            throw new ScriptError(line, `SACK block must read start:end (got "${b}")`);
          return [integer(m[1]!, 'SACK start', line), integer(m[2]!, 'SACK end', line)];
        });
        if (blocks.length === 0 || blocks.length > 4) {
          throw new ScriptError(line, 'a SACK option carries 1 to 4 blocks');
        }
        out.push({ kind: 'sack', blocks });
        break;
      }
      default:
        throw new ScriptError(
          line,
          `unknown TCP option "${raw.trim()}" (allowed: mss, wscale, sackOK, sack, TS, nop, eol, ...)`,
        );
    }
  }
  return out;
}

/** A segment as a script would write it; `options` lists what it carries. */
export function formatPacket(p: {
  flags: number;
  seq: number;
  len: number;
  ack: number | null;
  win: number;
  options: OptionSpec[];
}): string {
  let flags = '';
  for (const [letter, bit] of [
    ['S', TcpFlag.SYN],
    ['F', TcpFlag.FIN],
    ['R', TcpFlag.RST],
    ['P', TcpFlag.PSH],
    ['U', TcpFlag.URG],
  ] as const) {
    if (p.flags & bit) flags += letter;
  }
  if (p.flags & TcpFlag.ACK) flags += '.';
  const end = (p.seq + p.len) >>> 0;
  let text = `${flags} ${p.seq}:${end}(${p.len})`;
  if (p.ack !== null) text += ` ack ${p.ack}`;
  text += ` win ${p.win}`;
  if (p.options.length > 0) text += ` <${p.options.map(formatOption).join(',')}>`;
  return text;
}

export function formatOption(o: OptionSpec): string {
  switch (o.kind) {
    case 'mss':
      return `mss ${o.value}`;
    case 'wscale':
      return `wscale ${o.value}`;
    case 'sackOK':
      return 'sackOK';
    case 'nop':
      return 'nop';
    case 'eol':
      return 'eol';
    case 'ts':
      return `TS val ${o.val} ecr ${o.ecr}`;
    case 'sack':
      return `sack ${o.blocks.map(([a, b]) => `${a}:${b}`).join(' ')}`;
  }
}
