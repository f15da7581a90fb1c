import type { TcpConnection, CloseReason } from '../tcp/connection.ts';
import type { TcpStack } from '../tcp/stack.ts';
import type { Ipv4 } from '../wire/types.ts';

/**
 * What an application sees of a TCP connection: the socket API, with the costs of the
 * architecture underneath it. The application reads as soon as data is there; whether its
 * buffer was already posted when the data reached the card (so the card could place into
 * it) is the scenario's `workload.receiveBufferPosted`. Data reaches it through `onData`
 * once whatever copy, DMA or completion work the architecture needs has been done.
 */
export interface AppSocket {
  readonly tcp: TcpConnection;
  /**
   * Bytes of card memory the connection holds, where the architecture keeps its windows
   * on the card (full-toe, card-window); absent elsewhere. The live lab charts it.
   */
  readonly cardBytes?: number;
  onEstablished?: () => void;
  /** More bytes can be written. */
  onWritable?: () => void;
  /** Bytes delivered to the application, in order. */
  onData?: (chunk: Uint8Array) => void;
  /** The peer closed and every byte has been delivered. */
  onEof?: () => void;
  onClosed?: (reason: CloseReason) => void;
  /** Hands bytes to the socket; returns how many it accepted (≤ free buffer space). */
  write(data: Uint8Array): number;
  close(): void;
  abort(): void;
}

/** Opens and accepts sockets: where an architecture plugs in its send/receive path. */
export interface SocketLayer {
  connect(localIp: Ipv4, remoteIp: Ipv4, remotePort: number): AppSocket;
  listen(localPort: number, onAccept: (socket: AppSocket) => void): void;
}

/**
 * A socket that costs nothing: the link peers' sockets (their CPU is not what we study),
 * and the local host's until the cost model wraps it.
 */
export class DirectSocket implements AppSocket {
  onEstablished?: () => void;
  onWritable?: () => void;
  onData?: (chunk: Uint8Array) => void;
  onEof?: () => void;
  onClosed?: (reason: CloseReason) => void;
  private eofSignalled = false;
  private readonly sink = (chunk: Uint8Array): void => this.onData?.(chunk);

  constructor(readonly tcp: TcpConnection) {
    tcp.onEstablished = () => this.onEstablished?.();
    tcp.onWritable = () => this.onWritable?.();
    tcp.onReadable = () => this.drain();
    tcp.onClosed = (reason) => this.onClosed?.(reason);
  }

  write(data: Uint8Array): number {
    return this.tcp.write(data);
  }

  close(): void {
    this.tcp.close();
  }

  abort(): void {
    this.tcp.abort();
  }

  private drain(): void {
    this.tcp.read(Infinity, this.sink);
    if (this.tcp.eof && !this.eofSignalled && this.tcp.readable() === 0) {
      this.eofSignalled = true;
      this.onEof?.();
    }
  }
}

export class DirectSocketLayer implements SocketLayer {
  constructor(private readonly tcp: TcpStack) {}

  connect(localIp: Ipv4, remoteIp: Ipv4, remotePort: number): AppSocket {
    return new DirectSocket(this.tcp.connect(localIp, remoteIp, remotePort));
  }

  listen(localPort: number, onAccept: (socket: AppSocket) => void): void {
    this.tcp.listen(localPort, (conn) => {
      const socket = new DirectSocket(conn);
      onAccept(socket);
      // Data may have arrived with the handshake's last ACK; let the app see it.
      if (conn.readable() > 0 || conn.eof) conn.onReadable?.();
    });
  }
}
