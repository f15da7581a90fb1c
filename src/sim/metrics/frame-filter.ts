import { parseIpv4, parseMac } from '../wire/address.ts';
import { NS_PER_S } from '../core/time.ts';
import type { FrameRecord } from './frame-log.ts';
import { FLAG_LETTERS } from './frame-summary.ts';

/**
 * The packet list's filter language. Terms are separated by spaces and all must match;
 * `!` before a term negates it.
 *
 * - `key:value`: `dir:tx` / `dir:rx`; `flags:S` (every listed flag set, letters FSRPAUEC;
 *   `flags:=A` exactly those); `mac:02:00:00:00:10:99` and `ip:10.0.0.2` (either address);
 *   `port:5001` (either TCP or UDP port); `seq:`, `ack:`, `win:`, `len:` (TCP or UDP payload bytes),
 *   `no:` (frame number) take a number, optionally after `>`, `>=`, `<`, `<=`; `time:`
 *   takes seconds the same way (`time:>1.5`).
 * - the words `stale` (sent to a MAC that no longer answers), `arp`, `tcp`, `udp`, `icmp`,
 *   `frag` (an IP fragment);
 * - any other word (or a bare MAC address) matches the row's text, ignoring case.
 */
export const FILTER_KEYS = [
  'dir',
  'flags',
  'mac',
  'ip',
  'port',
  'seq',
  'ack',
  'win',
  'len',
  'no',
  'time',
] as const;
export const FILTER_WORDS = ['stale', 'arp', 'tcp', 'udp', 'icmp', 'frag'] as const;

/** `text()` renders the row lower-cased, only when a term needs it. */
export type FramePredicate = (r: FrameRecord, text: () => string) => boolean;

export type FrameFilter =
  { ok: true; test: FramePredicate; empty: boolean } | { ok: false; error: string };

type Compare = (x: number) => boolean;

const MAC_LIKE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const INTEGER = /^(>=|<=|>|<|=)?(\d+)$/;
const DECIMAL = /^(>=|<=|>|<|=)?(\d+(?:\.\d*)?|\.\d+)$/;

class TermError extends Error {}

function comparison(op: string | undefined, n: number): Compare {
  switch (op) {
    case '>':
      return (x) => x > n;
    case '>=':
      return (x) => x >= n;
    case '<':
      return (x) => x < n;
    case '<=':
      return (x) => x <= n;
    default:
      return (x) => x === n;
  }
}

function integer(key: string, value: string, max: number): Compare {
  const m = INTEGER.exec(value);
  const n = m ? Number(m[2]) : NaN;
  if (!m || n > max) {
    throw new TermError(
      `${key} takes a whole number up to ${max}, optionally after >, >=, <, <= (e.g. ${key}:>1000)`,
    );
  }
  return comparison(m[1], n);
}

function flagsTerm(value: string): FramePredicate {
  const exact = value.startsWith('=');
  const letters = (exact ? value.slice(1) : value).toUpperCase();
  let mask = 0;
  for (const ch of letters) {
    const bit = FLAG_LETTERS.find(([letter]) => letter === ch)?.[1];
    if (bit === undefined) mask = -1;
    else if (mask >= 0) mask |= bit;
  }
  if (mask <= 0) {
    throw new TermError(
      'flags are letters of F S R P A U E C: all listed must be set (flags:S), or with = exactly those (flags:=A)',
    );
  }
  return exact
    ? (r) => r.kind === 'tcp' && r.flags === mask
    : (r) => r.kind === 'tcp' && (r.flags & mask) === mask;
}

/** TCP segments, and UDP datagrams or first fragments (the ones holding the header). */
function hasPorts(r: FrameRecord): boolean {
  return r.kind === 'tcp' || (r.kind === 'udp' && r.fragmentOffset <= 0);
}

function keyTerm(key: string, value: string): FramePredicate {
  switch (key) {
    case 'dir':
      if (value !== 'tx' && value !== 'rx') throw new TermError('dir is tx or rx');
      return (r) => r.dir === value;
    case 'flags':
      return flagsTerm(value);
    case 'mac': {
      const mac = parsed(() => parseMac(value), 'mac takes six hex octets like 02:00:00:00:10:99');
      return (r) => r.srcMac === mac || r.dstMac === mac;
    }
    case 'ip': {
      const ip = parsed(() => parseIpv4(value), 'ip takes a dotted quad like 10.0.0.2');
      return (r) => r.srcIp === ip || r.dstIp === ip;
    }
    case 'port': {
      const c = integer(key, value, 65535);
      return (r) => hasPorts(r) && (c(r.srcPort) || c(r.dstPort));
    }
    case 'seq':
    case 'ack': {
      const c = integer(key, value, 0xffff_ffff);
      return (r) => r.kind === 'tcp' && c(key === 'seq' ? r.seq : r.ack);
    }
    case 'win': {
      const c = integer(key, value, 65535);
      return (r) => r.kind === 'tcp' && c(r.window);
    }
    case 'len': {
      const c = integer(key, value, 0xffff_ffff);
      return (r) => (r.kind === 'tcp' || r.kind === 'udp') && c(r.payloadBytes);
    }
    case 'no': {
      const c = integer(key, value, Number.MAX_SAFE_INTEGER);
      return (r) => c(r.number);
    }
    case 'time': {
      const m = DECIMAL.exec(value);
      if (!m)
        throw new TermError('time takes seconds, optionally after >, >=, <, <= (e.g. time:>1.5)');
      const c = comparison(m[1], Math.round(Number(m[2]) * NS_PER_S));
      return (r) => c(r.timeNs);
    }
    default:
      throw new TermError(`unknown key ${key}`);
  }
}

function parsed<T>(read: () => T, message: string): T {
  try {
    return read();
  } catch {
    throw new TermError(message);
  }
}

function wordTerm(word: string): FramePredicate | null {
  switch (word) {
    case 'stale':
      return (r) => r.staleMac;
    case 'arp':
      return (r) => r.kind === 'arp-request' || r.kind === 'arp-reply';
    case 'tcp':
      return (r) => r.kind === 'tcp';
    case 'udp':
      return (r) => r.kind === 'udp';
    case 'icmp':
      return (r) => r.kind === 'icmp';
    case 'frag':
      return (r) => r.kind === 'udp' && r.fragmentOffset >= 0;
    default:
      return null;
  }
}

const ALLOWED = `keys: ${FILTER_KEYS.join(', ')}; words: ${FILTER_WORDS.join(', ')}`;

function termOf(term: string): FramePredicate {
  const colon = term.indexOf(':');
  if (colon < 0 || MAC_LIKE.test(term)) {
    const word = wordTerm(term.toLowerCase());
    if (word) return word;
    const needle = term.toLowerCase();
    return (_r, text) => text().includes(needle);
  }
  const key = term.slice(0, colon).toLowerCase();
  const value = term.slice(colon + 1);
  if (!(FILTER_KEYS as readonly string[]).includes(key)) {
    throw new Error(`unknown filter key "${key}" in "${term}" (${ALLOWED})`);
  }
  try {
    return keyTerm(key, key === 'dir' ? value.toLowerCase() : value);
  } catch (error) {
    if (!(error instanceof TermError)) throw error;
    throw new Error(`"${term}": ${error.message}`);
  }
}

/** Parses a filter; an error names the offending term and what is allowed. */
export function parseFrameFilter(source: string): FrameFilter {
  const terms = source
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0);
  const tests: FramePredicate[] = [];
  try {
    for (const raw of terms) {
      const negate = raw.length > 1 && raw.startsWith('!');
      const test = termOf(negate ? raw.slice(1) : raw);
      tests.push(negate ? (r, text) => !test(r, text) : test);
    }
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  return {
    ok: true,
    empty: tests.length === 0,
    test: (r, text) => {
      for (let i = 0; i < tests.length; i++) if (!tests[i]!(r, text)) return false;
      return true;
    },
  };
}
