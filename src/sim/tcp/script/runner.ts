import { RandomStream } from '../../core/random.ts';
import { Scheduler } from '../../core/scheduler.ts';
import { ms, type Nanoseconds } from '../../core/time.ts';
import { TcpFlag, type TcpSegment } from '../../wire/types.ts';
import { LOCAL_IP, LOCAL_PORT, REMOTE_IP, REMOTE_PORT } from './addresses.ts';
import { DEFAULT_TCP_CONFIG, type TcpConfig, type TcpProfile } from '../config.ts';
import type { TcpConnection } from '../connection.ts';
import { TcpStack } from '../stack.ts';
import { TCP_INFO_FIELDS, type TcpInfo } from '../tcp-info.ts';
import { ScriptError, formatPacket, type OptionSpec, type PacketSpec } from './packet.ts';
import type { Check, Script, ScriptEvent, TimeSpec } from './parse.ts';
import { runSyscall, type Socket, type Sockets } from './syscalls.ts';

/** packetdrill's default --tolerance_usecs: outbound segments may be 4 ms early or late. */
export const DEFAULT_TOLERANCE: Nanoseconds = ms(4);

export interface ScriptOptions {
  /** The profile to run; default the script's first `// profiles:` entry, else `linux`. */
  profile?: TcpProfile;
  tolerance?: Nanoseconds;
}

export interface Mismatch {
  line: number;
  expected: string;
  actual: string;
}

export interface ScriptResult {
  profile: TcpProfile;
  /** One line per script event, with the time it happened. */
  transcript: string[];
  /** The first difference from the script, or null when every line held. */
  mismatch: Mismatch | null;
}

/** A segment the stack sent, and when. */
interface Sent {
  time: Nanoseconds;
  seg: TcpSegment;
}

class Mismatched extends Error {
  constructor(readonly mismatch: Mismatch) {
    super(mismatch.expected);
  }
}

const seconds3 = (t: Nanoseconds): string => (t / 1e9).toFixed(3).padStart(8);

/**
 * Plays a packetdrill-style script against one simulated TCP stack, as packetdrill
 * plays one against a kernel: the script's system calls drive the sockets, `<` lines
 * are injected from the remote end, `>` lines must be what the stack sends, in order,
 * within ±4 ms of their time. Sequence numbers of the stack's own segments are relative
 * to its initial sequence number; the remote's are written as they are.
 */
export function runScript(script: Script, options: ScriptOptions = {}): ScriptResult {
  const profile = options.profile ?? script.profiles?.[0] ?? 'linux';
  return new Runner(script, profile, options.tolerance ?? DEFAULT_TOLERANCE).run();
}

class Runner implements Sockets {
  readonly scheduler = new Scheduler();
  readonly config: TcpConfig;
  stack: TcpStack | null = null;
  readonly fds = new Map<number, Socket>();
  nextFd = 3;
  mtu = 1500;
  /** The connection tcpi_* asserts read: the last one accepted or connected. */
  current: TcpConnection | null = null;
  private readonly sent: Sent[] = [];
  private localIss: number | null = null;
  private lastTime: Nanoseconds = 0;
  private readonly transcript: string[] = [];

  constructor(
    private readonly script: Script,
    readonly profile: TcpProfile,
    private readonly tolerance: Nanoseconds,
  ) {
    this.config = { ...DEFAULT_TCP_CONFIG, profile };
  }

  run(): ScriptResult {
    this.transcript.push(`profile ${this.profile}`);
    try {
      for (const event of this.script.events) this.play(event);
    } catch (error) {
      if (error instanceof Mismatched) {
        return { profile: this.profile, transcript: this.transcript, mismatch: error.mismatch };
      }
      throw error;
    }
    return { profile: this.profile, transcript: this.transcript, mismatch: null };
  }

  /** The stack, made at the first listen() or connect() with the settings so far. */
  makeStack(config: TcpConfig): TcpStack {
    if (this.stack !== null) return this.stack;
    this.stack = new TcpStack({
      scheduler: this.scheduler,
      lower: {
        output: (_src, _dst, seg) => {
          if (seg.flags & TcpFlag.SYN && this.localIss === null) this.localIss = seg.seq;
          this.sent.push({ time: this.scheduler.now, seg });
          return true;
        },
        mtuFor: () => this.mtu,
      },
      config,
      random: new RandomStream(1, 'tcp-script'),
      name: 'script',
    });
    return this.stack;
  }

  private play(event: ScriptEvent): void {
    switch (event.kind) {
      case 'setting':
        if (this.fds.size > 0 || this.stack !== null) {
          throw new ScriptError(event.line, 'settings must come before the first socket()');
        }
        event.setting.apply(this.config);
        this.log(-1, `${event.text}  → ${event.setting.field}`);
        return;
      case 'outbound':
        this.expectSent(event.line, event.time, event.packet, event.text);
        return;
      case 'inbound':
      case 'icmp-frag-needed':
      case 'syscall':
      case 'assert':
        this.advance(event.line, event.time);
        break;
    }
    switch (event.kind) {
      case 'inbound':
        this.inject(event.line, event.packet);
        this.log(this.scheduler.now, event.text);
        return;
      case 'icmp-frag-needed':
        this.mtu = event.mtu;
        this.stack?.pmtuChanged(REMOTE_IP, event.mtu);
        this.log(this.scheduler.now, event.text);
        return;
      case 'syscall':
        this.log(this.scheduler.now, event.text);
        runSyscall(this, event);
        return;
      case 'assert':
        this.check(event.line, event.checks);
        this.log(this.scheduler.now, event.text);
        return;
    }
  }

  private log(time: Nanoseconds, text: string): void {
    this.transcript.push(`${time < 0 ? ' '.repeat(8) : seconds3(time)}  ${text}`);
  }

  private targetOf(time: TimeSpec): Nanoseconds {
    switch (time.kind) {
      case 'absolute':
        return Math.round(time.seconds * 1e9);
      case 'relative':
        return this.lastTime + Math.round(time.seconds * 1e9);
      case 'any':
        return this.lastTime;
    }
  }

  /** Runs the clock to the event's time; any segment sent meanwhile was not expected. */
  private advance(line: number, time: TimeSpec): void {
    const target = Math.max(this.scheduler.now, this.targetOf(time));
    while (this.sent.length === 0 && this.scheduler.nextEventTime() <= target)
      this.scheduler.step();
    const stray = this.sent[0];
    if (stray !== undefined) {
      throw new Mismatched({
        line,
        expected: `nothing sent before this line at ${seconds3(target).trim()}`,
        actual: `> ${this.describe(stray.seg)} at ${seconds3(stray.time).trim()}`,
      });
    }
    this.scheduler.runUntil(target);
    this.lastTime = target;
  }

  /** Waits (up to the tolerance past its time) for the next segment and compares it. */
  private expectSent(line: number, time: TimeSpec, spec: PacketSpec, text: string): void {
    const any = time.kind === 'any';
    const due = this.targetOf(time);
    const deadline = any ? Infinity : due + this.tolerance;
    while (this.sent.length === 0 && this.scheduler.nextEventTime() <= deadline)
      this.scheduler.step();
    const got = this.sent.shift();
    const when = any ? 'at any time' : `at ${seconds3(due).trim()} ± ${this.tolerance / 1e6} ms`;
    if (got === undefined) {
      if (deadline !== Infinity) this.scheduler.runUntil(deadline);
      throw new Mismatched({ line, expected: `${text} ${when}`, actual: 'nothing sent' });
    }
    const actual = `> ${this.describe(got.seg)} at ${seconds3(got.time).trim()}`;
    const early = !any && got.time < due - this.tolerance;
    const difference = early ? 'sent too early' : this.compare(spec, got.seg);
    if (difference !== null) {
      throw new Mismatched({ line, expected: `${text} ${when} (${difference})`, actual });
    }
    this.lastTime = got.time;
    this.log(got.time, `> ${this.describe(got.seg)}`);
  }

  private relSeq(seq: number): number {
    return (seq - (this.localIss ?? 0)) >>> 0;
  }

  private absAck(rel: number, line: number): number {
    if (this.localIss === null) {
      throw new ScriptError(line, 'an "ack" before the stack sent its SYN: nothing to acknowledge');
    }
    return (this.localIss + rel) >>> 0;
  }

  /** What differs between an expected and a sent segment, or null. */
  private compare(spec: PacketSpec, seg: TcpSegment): string | null {
    if (spec.flags !== seg.flags) return 'flags differ';
    const seq = this.relSeq(seg.seq);
    if (seq !== spec.seq || (seq + seg.payload.length) >>> 0 !== spec.end)
      return 'sequence differs';
    if (spec.ack !== null && spec.ack !== seg.ack) return 'ack differs';
    if (spec.win !== null && spec.win !== seg.window) return 'window differs';
    if (spec.options !== null && spec.options !== 'any') {
      const want = canonical(spec.options).join(',');
      const have = canonical(this.optionsOf(seg)).join(',');
      if (want !== have) return 'options differ';
    }
    return null;
  }

  private optionsOf(seg: TcpSegment): OptionSpec[] {
    const out: OptionSpec[] = [];
    if (seg.mss !== null) out.push({ kind: 'mss', value: seg.mss });
    if (seg.sackPermitted) out.push({ kind: 'sackOK' });
    if (seg.tsVal !== null) {
      // Linux pads TS with two NOPs unless it follows sackOK in a SYN.
      if (!seg.sackPermitted) out.push({ kind: 'nop' }, { kind: 'nop' });
      out.push({ kind: 'ts', val: seg.tsVal, ecr: seg.tsEcr });
    }
    if (seg.windowScale !== null)
      out.push({ kind: 'nop' }, { kind: 'wscale', value: seg.windowScale });
    if (seg.sack !== null && seg.sack.length > 0) {
      out.push({ kind: 'nop' }, { kind: 'nop' });
      out.push({ kind: 'sack', blocks: seg.sack.map((b) => [b.left, b.right]) });
    }
    return out;
  }

  describe(seg: TcpSegment): string {
    return formatPacket({
      flags: seg.flags,
      seq: this.relSeq(seg.seq),
      len: seg.payload.length,
      ack: seg.flags & TcpFlag.ACK ? seg.ack : null,
      win: seg.window,
      options: this.optionsOf(seg),
    });
  }

  /** Delivers a `<` segment from the remote end. */
  private inject(line: number, p: PacketSpec): void {
    if (this.stack === null)
      throw new ScriptError(line, 'a segment arrives before any listen() or connect()');
    const seg: TcpSegment = {
      // An active open talks to the remote's port 8080; a passive one is reached there.
      srcPort: this.activePort === null ? REMOTE_PORT : LOCAL_PORT,
      dstPort: this.activePort ?? LOCAL_PORT,
      seq: p.seq,
      ack: p.ack === null ? 0 : this.absAck(p.ack, line),
      flags: p.flags,
      window: p.win ?? 65535,
      mss: null,
      windowScale: null,
      sackPermitted: false,
      sack: null,
      tsVal: null,
      tsEcr: 0,
      payload: new Uint8Array((p.end - p.seq) >>> 0),
    };
    for (const o of p.options === 'any' ? [] : (p.options ?? [])) {
      if (o.kind === 'mss') seg.mss = o.value;
      else if (o.kind === 'wscale') seg.windowScale = o.value;
      else if (o.kind === 'sackOK') seg.sackPermitted = true;
      else if (o.kind === 'ts') {
        seg.tsVal = o.val;
        seg.tsEcr = o.ecr;
      } else if (o.kind === 'sack') {
        seg.sack = o.blocks.map(([a, b]) => ({
          left: this.absAck(a, line),
          right: this.absAck(b, line),
        }));
      }
    }
    this.stack.input(REMOTE_IP, LOCAL_IP, seg);
  }

  /** The local (ephemeral) port of a connect(), or null: segments go to the listener's. */
  activePort: number | null = null;

  private check(line: number, checks: Check[]): void {
    if (this.current === null)
      throw new ScriptError(line, 'tcpi_* asserts need an accepted or connected socket');
    const info = this.current.tcpInfo();
    for (const c of checks) {
      if (!(TCP_INFO_FIELDS as readonly string[]).includes(c.field)) {
        throw new ScriptError(
          line,
          `unknown field ${c.field} (tracked: ${TCP_INFO_FIELDS.join(', ')})`,
        );
      }
      const value = info[c.field as keyof TcpInfo];
      if (!holds(value, c)) {
        throw new Mismatched({
          line,
          expected: `${c.field} ${c.op} ${c.value}`,
          actual: `${c.field} = ${value}`,
        });
      }
    }
  }

  /** A system call's result differs from the script's. */
  fail(line: number, expected: string, actual: string): never {
    throw new Mismatched({ line, expected, actual });
  }
}

function holds(v: number, c: Check): boolean {
  switch (c.op) {
    case '==':
      return v === c.value;
    case '!=':
      return v !== c.value;
    case '<':
      return v < c.value;
    case '<=':
      return v <= c.value;
    case '>':
      return v > c.value;
    case '>=':
      return v >= c.value;
  }
}

/** Options compared as packetdrill's reader sees them: padding and our TS val aside. */
function canonical(options: readonly OptionSpec[]): string[] {
  const out: string[] = [];
  for (const o of options) {
    if (o.kind === 'nop' || o.kind === 'eol') continue;
    if (o.kind === 'ts') out.push(`TS ecr ${o.ecr}`);
    else if (o.kind === 'sack') out.push(`sack ${o.blocks.map(([a, b]) => `${a}:${b}`).join(' ')}`);
    else if (o.kind === 'mss' || o.kind === 'wscale') out.push(`${o.kind} ${o.value}`);
    else out.push(o.kind);
  }
  return out.sort();
}
