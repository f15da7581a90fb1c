import type { AppSocket } from './socket.ts';
import { MAX_WRITE_BYTES, StreamHash, type PayloadPattern, type StreamSource } from './stream.ts';

/**
 * netperf TCP_STREAM's two ends: a writer that keeps the socket's send buffer full with
 * `messageBytes`-sized writes of the stream, and a reader that takes data as soon as the
 * socket delivers it and hashes it. The application itself is infinitely fast; what
 * limits throughput is below it.
 */
export class BulkWriter {
  /** Bytes of the current message not yet accepted by the socket. */
  private messageLeft = 0;
  private closed = false;
  /** The socket took less than asked: the writer waits for buffer space. */
  blocked = false;

  constructor(
    private readonly socket: AppSocket,
    readonly source: StreamSource,
    private readonly messageBytes: number,
    /** Stop (and close) after this many bytes; null writes until the run ends. */
    private readonly totalBytes: number | null,
  ) {
    socket.onEstablished = () => this.pump();
    socket.onWritable = () => this.pump();
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
        this.socket.close();
        return;
      }
      if (this.messageLeft === 0) this.messageLeft = this.messageBytes;
      const want = Math.min(this.messageLeft, budget, MAX_WRITE_BYTES);
      const accepted = this.socket.write(this.source.peek(want));
      this.blocked = accepted < want;
      if (accepted <= 0) return;
      this.source.advance(accepted);
      this.messageLeft -= accepted;
    }
  }
}

export class BulkReader {
  readonly hash: StreamHash;

  constructor(
    private readonly socket: AppSocket,
    pattern: PayloadPattern | null = null,
  ) {
    this.hash = new StreamHash(pattern);
    socket.onData = (chunk) => this.hash.update(chunk);
    // The writer closed and everything is read: close our half too, as netperf does.
    socket.onEof = () => this.socket.close();
  }

  get delivered(): number {
    return this.hash.received;
  }
}
