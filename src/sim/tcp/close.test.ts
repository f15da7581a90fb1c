import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../core/time.ts';
import { TcpFlag } from '../wire/types.ts';
import { Pair } from './testing/harness.ts';

const { FIN, ACK } = TcpFlag;

describe('connection close', () => {
  it('active close: FIN_WAIT_1 → FIN_WAIT_2 → TIME_WAIT (a record), CLOSED 60 s later; passive: CLOSE_WAIT → LAST_ACK → CLOSED', () => {
    const pair = new Pair({ delay: ms(10) });
    const { client, server } = pair.establish();
    const reasons: string[] = [];
    client.onClosed = (r) => reasons.push(`client ${r}`);
    server.onClosed = (r) => reasons.push(`server ${r}`);
    client.write(new Uint8Array(5000));
    client.close();
    expect(client.state).toBe('FIN_WAIT_1');
    // Initial window 2: the last segment and the FIN leave one RTT later, arriving at 30 ms.
    pair.runFor(ms(35));
    expect(server.state).toBe('CLOSE_WAIT');
    expect(server.eof).toBe(true);
    expect(server.readable()).toBe(5000);
    pair.runFor(ms(10));
    expect(client.state).toBe('FIN_WAIT_2');
    // The FIN rode on the last data segment.
    const fin = pair.sent('a', (s) => (s.flags & FIN) !== 0);
    expect(fin).toHaveLength(1);
    expect(fin[0]!.packet.seg.payload.length).toBe(5000 - 3 * 1448);
    server.read(Infinity, () => {}); // close() with unread data would reset (RFC 2525 §2.17)
    server.close();
    expect(server.state).toBe('LAST_ACK');
    pair.runFor(ms(10));
    expect(client.state).toBe('TIME_WAIT');
    const timeWaitAt = pair.now;
    pair.runFor(ms(10));
    expect(server.state).toBe('CLOSED');
    expect(reasons).toEqual(['server normal']);
    // The client's application closed first: TIME_WAIT is the stack's business (a record,
    // tcp/time-wait.ts), and the application hears nothing more, as after Linux's close().
    expect(pair.a.connections).toHaveLength(0);
    expect(pair.a.timeWait.size).toBe(1);
    pair.runUntil(timeWaitAt + seconds(60) - 1);
    expect(client.state).toBe('TIME_WAIT');
    pair.runFor(1);
    expect(client.state).toBe('CLOSED');
    expect(reasons).toEqual(['server normal']);
    expect(pair.a.timeWait.size).toBe(0);
    expect(pair.a.timeWait.stats.expired).toBe(1);
    expect(pair.b.connections).toHaveLength(0);
  });

  it('simultaneous close: FIN_WAIT_1 → CLOSING → TIME_WAIT on both sides', () => {
    const pair = new Pair({ delay: ms(10) });
    const { client, server } = pair.establish();
    client.close();
    server.close();
    pair.runFor(ms(10));
    expect(client.state).toBe('CLOSING');
    expect(server.state).toBe('CLOSING');
    pair.runFor(ms(10));
    expect(client.state).toBe('TIME_WAIT');
    expect(server.state).toBe('TIME_WAIT');
    pair.runFor(seconds(61));
    expect(client.state).toBe('CLOSED');
    expect(server.state).toBe('CLOSED');
  });

  it('re-ACKs a retransmitted FIN in TIME_WAIT', () => {
    const pair = new Pair({ delay: ms(10) });
    const { client, server } = pair.establish();
    client.close();
    pair.runFor(ms(30));
    // The client's ACK of the server's FIN is lost once; the server retransmits its FIN.
    let dropped = false;
    pair.hook = (p) => (p.from === 'a' && !dropped && (dropped = true) ? [] : undefined);
    server.close();
    pair.runFor(seconds(2));
    expect(server.state).toBe('CLOSED');
    expect(client.state).toBe('TIME_WAIT');
    const acks = pair.sent('a', (s) => s.flags === ACK);
    expect(acks.length).toBeGreaterThanOrEqual(2);
  });

  it('close() with unread data sends RST instead of FIN (RFC 2525 §2.17, Linux tcp_close)', () => {
    const pair = new Pair({ delay: ms(10) });
    const { client, server } = pair.establish();
    let reason = '';
    client.onClosed = (r) => (reason = r);
    client.write(new Uint8Array(100));
    pair.runFor(ms(20));
    expect(server.readable()).toBe(100);
    server.close();
    expect(server.state).toBe('CLOSED');
    expect(server.stats.resetsOnClose).toBe(1);
    pair.runFor(ms(20));
    expect(pair.sent('b', (s) => (s.flags & TcpFlag.RST) !== 0)).toHaveLength(1);
    expect(pair.sent('b', (s) => (s.flags & FIN) !== 0)).toHaveLength(0);
    expect(client.state).toBe('CLOSED');
    expect(reason).toBe('reset');
  });

  it('abort sends RST and the peer closes with reason reset', () => {
    const pair = new Pair({ delay: ms(10) });
    const { client, server } = pair.establish();
    let reason = '';
    server.onClosed = (r) => (reason = r);
    client.abort();
    expect(client.state).toBe('CLOSED');
    pair.runFor(ms(20));
    expect(server.state).toBe('CLOSED');
    expect(reason).toBe('reset');
  });
});
