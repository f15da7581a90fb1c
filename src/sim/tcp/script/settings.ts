import type { TcpConfig, TcpProfile } from '../config.ts';
import { ScriptError } from './packet.ts';

export const TCP_PROFILES_LIST: readonly TcpProfile[] = ['linux', 'linux-2.4'];

/** A setting a script made: the scenario field it maps to and its new value. */
export interface Setting {
  /** The scenario path, e.g. `tcp.sack`. */
  field: string;
  apply(config: TcpConfig): void;
}

type Parser = (value: string, line: number) => Setting;

function flag(field: string, key: 'sack' | 'timestamps' | 'windowScaling'): Parser {
  return (value, line) => {
    if (value !== '0' && value !== '1') {
      throw new ScriptError(line, `${field} takes 0 or 1 (got "${value}")`);
    }
    const on = value === '1';
    return { field: `${field} = ${on}`, apply: (c) => (c[key] = on) };
  };
}

/** tcp_rmem / tcp_wmem "min default max": the default is the socket's buffer. */
function buffer(field: string, key: 'recvBufferBytes' | 'sendBufferBytes'): Parser {
  return (value, line) => {
    const parts = value.replace(/"/g, '').trim().split(/\s+/);
    const bytes = Number(parts[1]);
    if (parts.length !== 3 || !Number.isInteger(bytes) || bytes < 1) {
      throw new ScriptError(line, `${field} takes "min default max" in bytes (got ${value})`);
    }
    return { field: `${field} = ${bytes} B`, apply: (c) => (c[key] = bytes) };
  };
}

/**
 * The sysctls a script may set (Linux's names), each mapped to the scenario's tcp field:
 * only settings the model has a field for.
 */
const SYSCTLS: Record<string, Parser> = {
  'net.ipv4.tcp_sack': flag('tcp.sack', 'sack'),
  'net.ipv4.tcp_timestamps': flag('tcp.timestamps', 'timestamps'),
  'net.ipv4.tcp_window_scaling': flag('tcp.windowScaling', 'windowScaling'),
  'net.ipv4.tcp_congestion_control': (value, line) => {
    const name =
      value === 'reno' || value === 'newreno' ? 'newreno' : value === 'cubic' ? 'cubic' : null;
    if (name === null) {
      throw new ScriptError(line, `tcp_congestion_control takes reno or cubic (got "${value}")`);
    }
    return { field: `tcp.congestion = ${name}`, apply: (c) => (c.congestion = name) };
  },
  'net.ipv4.tcp_rmem': buffer('tcp.recvBufferKB', 'recvBufferBytes'),
  'net.ipv4.tcp_wmem': buffer('tcp.sendBufferKB', 'sendBufferBytes'),
};

/** `sysctl [-q|-w] name=value` from a backtick line. */
export function parseSysctl(command: string, line: number): Setting {
  const m = /^sysctl\s+(?:-[qw]\s+)*([a-z0-9_.]+)\s*=\s*(.+)$/.exec(command.trim());
  if (m === null) {
    throw new ScriptError(
      line,
      `only "sysctl -q name=value" commands are supported (got \`${command}\`)`,
    );
  }
  const parser = SYSCTLS[m[1]!];
  if (parser === undefined) {
    throw new ScriptError(
      line,
      `unsupported sysctl ${m[1]} (supported: ${Object.keys(SYSCTLS).join(', ')})`,
    );
  }
  return parser(m[2]!.trim(), line);
}
