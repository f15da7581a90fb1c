import type { TcpConnection } from '../connection.ts';

/** Deterministic test bytes: a multiplicative hash of the position, offset by `salt`. */
export function pattern(total: number, salt = 0): Uint8Array {
  const data = new Uint8Array(total);
  for (let i = 0; i < total; i++) data[i] = (Math.imul(i + salt, 2654435761) >>> 24) & 0xff;
  return data;
}

/**
 * Writes `data` into `from` as the send buffer allows (on onWritable), then optionally
 * sends FIN with shutdown(SHUT_WR): the writer keeps reading what the peer sends.
 */
export function pump(
  from: TcpConnection,
  total: number | Uint8Array,
  chunk = 65536,
  close = false,
): Uint8Array {
  const data = typeof total === 'number' ? pattern(total) : total;
  let off = 0;
  const fill = (): void => {
    while (off < data.length) {
      const n = from.write(data.subarray(off, Math.min(data.length, off + chunk)));
      off += n;
      if (n === 0) return;
    }
    if (close) from.shutdown();
  };
  from.onWritable = fill;
  if (from.state === 'ESTABLISHED') fill();
  else from.onEstablished = fill;
  return data;
}

/** Reads everything `to` receives; the returned function concatenates it. */
export function drain(to: TcpConnection): () => Uint8Array {
  const parts: Uint8Array[] = [];
  let n = 0;
  to.onReadable = () => {
    to.read(Infinity, (c) => {
      parts.push(c);
      n += c.length;
    });
  };
  return () => {
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
}
