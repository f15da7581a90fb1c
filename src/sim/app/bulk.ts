import type { TcpConnection } from '../tcp/connection.ts';
import { MAX_WRITE_BYTES, StreamHash, type StreamSource } from './stream.ts';

/**
 * netperf TCP_STREAM's two ends: a writer that keeps the socket's send buffer full with
 * `messageBytes`-sized writes of the stream, and a reader that drains the receive
 * buffer as soon as data is readable and hashes what it gets. The application itself
 * is infinitely fast; what limits throughput is below it.
 */
export class BulkWriter {
  /** Bytes of the current message not yet accepted by the socket. */
  private messageLeft = 0;
  private closed = false;

  constructor(
    private readonly conn: TcpConnection,
    readonly source: StreamSource,
    private readonly messageBytes: number,
    /** Stop (and close) after this many bytes; null writes until the run ends. */
    private readonly totalBytes: number | null,
  ) {
    conn.onEstablished = () => this.pump();
    conn.onWritable = () => this.pump();
  }

  get written(): number {
    return this.source.written;
  }

  pump(): void {
    if (this.closed) return;
    for (;;) {
      const budget = this.totalBytes === null ? Infinity : this.totalBytes - this.source.written;
      if (budget <= 0) {
        this.closed = true;
        this.conn.close();
        return;
      }
      if (this.messageLeft === 0) this.messageLeft = this.messageBytes;
      const want = Math.min(this.messageLeft, budget, MAX_WRITE_BYTES);
      const accepted = this.conn.write(this.source.peek(want));
      if (accepted <= 0) return;
      this.source.advance(accepted);
      this.messageLeft -= accepted;
    }
  }
}

export class BulkReader {
  readonly hash = new StreamHash();
  private closed = false;
  private readonly sink = (chunk: Uint8Array): void => this.hash.update(chunk);

  constructor(private readonly conn: TcpConnection) {
    conn.onReadable = () => this.drain();
  }

  get delivered(): number {
    return this.hash.received;
  }

  drain(): void {
    this.conn.read(Infinity, this.sink);
    // The writer closed and everything is read: close our half too, as netperf does.
    if (this.conn.eof && !this.closed) {
      this.closed = true;
      this.conn.close();
    }
  }
}
