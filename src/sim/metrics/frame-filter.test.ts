import { describe, expect, it } from 'vitest';
import { parseIpv4, parseMac } from '../wire/address.ts';
import { TcpFlag } from '../wire/types.ts';
import { parseFrameFilter } from './frame-filter.ts';
import { emptyRecord, type FrameRecord } from './frame-log.ts';
import { frameText, summarizeFrame } from './frame-summary.ts';

function frame(fields: Partial<FrameRecord>): FrameRecord {
  return {
    ...emptyRecord(),
    number: 7,
    timeNs: 1_500_000_000,
    srcMac: parseMac('02:00:00:00:00:01'),
    dstMac: parseMac('02:00:00:00:10:02'),
    srcIp: parseIpv4('10.0.0.1'),
    dstIp: parseIpv4('10.0.0.2'),
    srcPort: 40000,
    dstPort: 5001,
    flags: TcpFlag.ACK,
    seq: 1000,
    ack: 2000,
    window: 502,
    payloadBytes: 1448,
    frameBytes: 1514,
    ...fields,
  };
}

const SYN = frame({ flags: TcpFlag.SYN, payloadBytes: 0, seq: 12345 });
const SYN_ACK = frame({ flags: TcpFlag.SYN | TcpFlag.ACK, payloadBytes: 0, dir: 'rx' });
const DATA = frame({ flags: TcpFlag.PSH | TcpFlag.ACK });
const PURE_ACK = frame({ payloadBytes: 0, dir: 'rx' });
const RST = frame({ flags: TcpFlag.RST, payloadBytes: 0 });
const STALE = frame({ staleMac: true, dstMac: parseMac('00:00:5e:00:01:99') });
const ARP = frame({ kind: 'arp-request', srcPort: 0, dstPort: 0, flags: 0, payloadBytes: 0 });
const ALL = [SYN, SYN_ACK, DATA, PURE_ACK, RST, STALE, ARP];

function matches(filter: string): FrameRecord[] {
  const parsed = parseFrameFilter(filter);
  if (!parsed.ok) throw new Error(parsed.error);
  return ALL.filter((r) => parsed.test(r, () => frameText(summarizeFrame(r))));
}

function errorOf(filter: string): string {
  const parsed = parseFrameFilter(filter);
  if (parsed.ok) throw new Error(`"${filter}" was accepted`);
  return parsed.error;
}

describe('packet list filter', () => {
  it('an empty filter matches everything', () => {
    expect(parseFrameFilter('  ')).toMatchObject({ ok: true, empty: true });
    expect(matches('')).toEqual(ALL);
  });

  it('flags: every listed flag set, or exactly with =', () => {
    expect(matches('flags:S')).toEqual([SYN, SYN_ACK]);
    expect(matches('flags:sa')).toEqual([SYN_ACK]);
    expect(matches('flags:R')).toEqual([RST]);
    expect(matches('flags:=A')).toEqual([PURE_ACK, STALE]);
  });

  it('dir, mac, ip and port match either end', () => {
    expect(matches('dir:rx')).toEqual([SYN_ACK, PURE_ACK]);
    expect(matches('mac:00:00:5E:00:01:99')).toEqual([STALE]);
    expect(matches('ip:10.0.0.2')).toEqual(ALL);
    expect(matches('ip:10.0.0.9')).toEqual([]);
    expect(matches('port:5001')).toEqual(ALL.filter((r) => r !== ARP));
  });

  it('numbers compare exactly or with > >= < <=', () => {
    expect(matches('seq:12345')).toEqual([SYN]);
    expect(matches('len:0 tcp')).toEqual([SYN, SYN_ACK, PURE_ACK, RST]);
    expect(matches('len:>1000')).toEqual([DATA, STALE]);
    expect(matches('win:<=502 ack:>=2000 no:7')).toEqual(ALL.filter((r) => r !== ARP));
    expect(matches('time:>1.5')).toEqual([]);
    expect(matches('time:1.5')).toEqual(ALL);
  });

  it('words: stale, arp, tcp, icmp; ! negates; all terms must match', () => {
    expect(matches('stale')).toEqual([STALE]);
    expect(matches('arp')).toEqual([ARP]);
    expect(matches('!arp !stale dir:tx len:0')).toEqual([SYN, RST]);
    expect(matches('icmp')).toEqual([]);
  });

  it('any other word (or a bare MAC) searches the row text', () => {
    expect(matches('who-has')).toEqual([ARP]);
    expect(matches('00:00:5e:00:01:99')).toEqual([STALE]);
    expect(matches('[SA]')).toEqual([SYN_ACK]);
  });

  it('an unknown key names the term and the allowed keys', () => {
    const error = errorOf('flags:S foo:bar');
    expect(error).toContain('"foo"');
    expect(error).toContain('foo:bar');
    expect(error).toMatch(/keys: dir, flags, mac, ip, port, seq, ack, win, len, no, time/);
    expect(error).toMatch(/words: stale, arp, tcp, udp, icmp, frag/);
  });

  it('a bad value names the term and what is allowed', () => {
    expect(errorOf('dir:up')).toBe('"dir:up": dir is tx or rx');
    expect(errorOf('flags:Q')).toMatch(/^"flags:Q": flags are letters of F S R P A U E C/);
    expect(errorOf('flags:')).toMatch(/^"flags:": flags are letters/);
    expect(errorOf('len:big')).toMatch(/^"len:big": len takes a whole number/);
    expect(errorOf('port:70000')).toMatch(/up to 65535/);
    expect(errorOf('mac:02:00')).toMatch(/six hex octets/);
    expect(errorOf('ip:10.0.0')).toMatch(/dotted quad/);
    expect(errorOf('time:soon')).toMatch(/time takes seconds/);
  });
});
