import type { TcpConfig } from '../config.ts';
import type { TcpConnection } from '../connection.ts';
import type { TcpStack } from '../stack.ts';
import { ScriptError } from './packet.ts';
import { LOCAL_IP, LOCAL_PORT, REMOTE_IP } from './addresses.ts';
import type { ScriptEvent, SyscallResult } from './parse.ts';

/** What the system calls need from the runner. */
export interface Sockets {
  readonly config: TcpConfig;
  /** The file descriptor table; descriptors count from 3, as after stdin, stdout, stderr. */
  readonly fds: Map<number, Socket>;
  nextFd: number;
  stack: TcpStack | null;
  current: TcpConnection | null;
  activePort: number | null;
  makeStack(config: TcpConfig): TcpStack;
  fail(line: number, expected: string, actual: string): never;
}

export type Socket =
  | { kind: 'new'; config: TcpConfig; noDelay: boolean | null }
  | { kind: 'listener'; accepted: TcpConnection[] }
  | { kind: 'connection'; conn: TcpConnection; closedBy: 'reset' | 'timeout' | null };

type Syscall = Extract<ScriptEvent, { kind: 'syscall' }>;

const show = (r: SyscallResult): string => (r.errno === null ? `${r.value}` : `-1 ${r.errno}`);

/**
 * The socket calls a conformance script needs, non-blocking (a call that would block
 * returns -1 EAGAIN; connect() returns at once, so `= 0` and `= -1 EINPROGRESS` both
 * hold): socket, setsockopt (SO_REUSEADDR, TCP_NODELAY, SO_SNDBUF, SO_RCVBUF), fcntl,
 * bind, listen, accept, connect, write, read, shutdown(SHUT_WR), close.
 */
export function runSyscall(s: Sockets, call: Syscall): void {
  const { line, name, args, result } = call;
  const fdArg = (): number => {
    const fd = Number(args[0]);
    if (!Number.isInteger(fd))
      throw new ScriptError(
        line,
        `${name}: the first argument is a file descriptor (got "${args[0]}")`,
      );
    return fd;
  };
  const expect = (actual: SyscallResult): void => {
    const ok =
      result.value === actual.value &&
      (result.errno === null || result.errno === actual.errno) &&
      !(result.errno === null && actual.errno !== null);
    if (!ok) s.fail(line, `${name}(…) = ${show(result)}`, `${name}(…) = ${show(actual)}`);
  };
  const ok = { value: 0, errno: null };
  const err = (errno: string): SyscallResult => ({ value: -1, errno });
  const socketAt = (fd: number): Socket | undefined => s.fds.get(fd);

  switch (name) {
    case 'socket': {
      const fd = s.nextFd++;
      s.fds.set(fd, { kind: 'new', config: { ...s.config }, noDelay: null });
      expect({ value: fd, errno: null });
      return;
    }
    case 'fcntl':
    case 'bind':
      expect(socketAt(fdArg()) === undefined ? err('EBADF') : ok);
      return;
    case 'setsockopt':
      expect(setsockopt(socketAt(fdArg()), args, line));
      return;
    case 'listen': {
      const fd = fdArg();
      const sock = socketAt(fd);
      if (sock?.kind !== 'new') return expect(err('EBADF'));
      const listener: Socket = { kind: 'listener', accepted: [] };
      s.fds.set(fd, listener);
      s.makeStack(sock.config).listen(LOCAL_PORT, (c) => listener.accepted.push(c));
      expect(ok);
      return;
    }
    case 'accept': {
      const sock = socketAt(fdArg());
      if (sock?.kind !== 'listener') return expect(err('EBADF'));
      const conn = sock.accepted.shift();
      if (conn === undefined) return expect(err('EAGAIN'));
      const fd = s.nextFd++;
      s.fds.set(fd, watch({ kind: 'connection', conn, closedBy: null }));
      s.current = conn;
      expect({ value: fd, errno: null });
      return;
    }
    case 'connect': {
      const fd = fdArg();
      const sock = socketAt(fd);
      if (sock?.kind !== 'new') return expect(err('EBADF'));
      const stack = s.makeStack(sock.config);
      const conn = stack.connect(LOCAL_IP, REMOTE_IP, LOCAL_PORT, undefined, true);
      if (sock.noDelay !== null) conn.noDelay = sock.noDelay;
      s.activePort = conn.localPort;
      s.fds.set(fd, watch({ kind: 'connection', conn, closedBy: null }));
      s.current = conn;
      conn.openActive();
      if (result.errno === 'EINPROGRESS') expect(err('EINPROGRESS'));
      else expect(ok);
      return;
    }
    case 'write': {
      const sock = socketAt(fdArg());
      if (sock?.kind !== 'connection') return expect(err('EBADF'));
      const size = Number(args[2]);
      if (!Number.isInteger(size) || size < 0)
        throw new ScriptError(line, `write: the byte count must be an integer (got "${args[2]}")`);
      if (sock.conn.state === 'CLOSED') return expect(err(closedErrno(sock.closedBy) ?? 'EPIPE'));
      const n = sock.conn.write(new Uint8Array(size));
      expect(n === 0 && size > 0 ? err('EAGAIN') : { value: n, errno: null });
      return;
    }
    case 'read': {
      const sock = socketAt(fdArg());
      if (sock?.kind !== 'connection') return expect(err('EBADF'));
      const size = Number(args[2]);
      if (!Number.isInteger(size) || size < 0)
        throw new ScriptError(line, `read: the byte count must be an integer (got "${args[2]}")`);
      const c = sock.conn;
      if (c.readable() > 0) return expect({ value: c.read(size, () => {}), errno: null });
      if (c.eof) return expect({ value: 0, errno: null });
      const errno = closedErrno(sock.closedBy);
      if (errno !== null) return expect(err(errno));
      expect(err('EAGAIN'));
      return;
    }
    case 'shutdown': {
      const sock = socketAt(fdArg());
      if (sock?.kind !== 'connection') return expect(err('EBADF'));
      if (args[1] !== 'SHUT_WR')
        throw new ScriptError(line, `shutdown: only SHUT_WR is supported (got "${args[1]}")`);
      sock.conn.shutdown();
      expect(ok);
      return;
    }
    case 'close': {
      const fd = fdArg();
      const sock = socketAt(fd);
      if (sock === undefined) return expect(err('EBADF'));
      if (sock.kind === 'connection') sock.conn.close();
      s.fds.delete(fd);
      expect(ok);
      return;
    }
    default:
      throw new ScriptError(
        line,
        `unsupported system call ${name}() (supported: socket, setsockopt, fcntl, bind, listen, accept, connect, write, read, shutdown, close)`,
      );
  }
}

/** Remembers why a connection ended, for the errno of later calls. */
function watch(sock: Extract<Socket, { kind: 'connection' }>): Socket {
  sock.conn.onClosed = (reason) => {
    if (reason !== 'normal') sock.closedBy = reason;
  };
  return sock;
}

function closedErrno(by: 'reset' | 'timeout' | null): string | null {
  if (by === 'reset') return 'ECONNRESET';
  if (by === 'timeout') return 'ETIMEDOUT';
  return null;
}

/** setsockopt(fd, level, name, [value], len). */
function setsockopt(
  sock: Socket | undefined,
  args: string[],
  line: number,
): { value: number; errno: string | null } {
  if (sock === undefined) return { value: -1, errno: 'EBADF' };
  const option = args[2];
  const value = Number(/^\[(\d+)\]$/.exec(args[3] ?? '')?.[1]);
  if (!Number.isInteger(value))
    throw new ScriptError(line, `setsockopt: the value must read [N] (got "${args[3]}")`);
  switch (option) {
    case 'SO_REUSEADDR':
      return { value: 0, errno: null };
    case 'TCP_NODELAY':
      if (sock.kind === 'connection') sock.conn.noDelay = value !== 0;
      else if (sock.kind === 'new') {
        sock.noDelay = value !== 0;
        sock.config.nagle = value === 0;
      }
      return { value: 0, errno: null };
    case 'SO_SNDBUF':
    case 'SO_RCVBUF':
      if (sock.kind !== 'new') {
        throw new ScriptError(
          line,
          `setsockopt ${option}: set buffers before listen() or connect() (the model sizes them at connection setup)`,
        );
      }
      // Linux doubles the value for bookkeeping overhead and offers about the value as window.
      if (option === 'SO_SNDBUF') sock.config.sendBufferBytes = value;
      else sock.config.recvBufferBytes = value;
      return { value: 0, errno: null };
    default:
      throw new ScriptError(
        line,
        `setsockopt: unsupported option "${option}" (supported: SO_REUSEADDR, TCP_NODELAY, SO_SNDBUF, SO_RCVBUF)`,
      );
  }
}
