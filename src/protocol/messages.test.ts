import { describe, expect, it } from 'vitest';
import {
  decodeFromWorker,
  decodeToWorker,
  encode,
  post,
  PROTOCOL_VERSION,
  ProtocolError,
  type FromWorker,
} from './messages.ts';

describe('protocol codecs', () => {
  it('stamps the version and round-trips a control message', () => {
    const [envelope, transfer] = encode({ type: 'step', ns: 1_000_000 });
    expect(envelope).toEqual({ v: PROTOCOL_VERSION, msg: { type: 'step', ns: 1_000_000 } });
    expect(transfer).toEqual([]);
    expect(decodeToWorker(structuredClone(envelope))).toEqual({ type: 'step', ns: 1_000_000 });
  });

  it('transfers a batch buffer instead of copying it', () => {
    const rows = new Float64Array([1, 2, 3, 4, 5, 6]);
    const msg: FromWorker = { type: 'batch', session: 1, columns: 3, rows };
    const [envelope, transfer] = encode(msg);
    expect(transfer).toEqual([rows.buffer]);
    const channel = new MessageChannel();
    const received = new Promise<unknown>((resolve) => {
      channel.port2.onmessage = (e) => resolve(e.data);
    });
    post(channel.port1, msg);
    return received.then((data) => {
      channel.port1.close();
      channel.port2.close();
      expect(rows.byteLength).toBe(0); // detached: it moved
      const decoded = decodeFromWorker(data);
      expect(decoded).toMatchObject({ type: 'batch', columns: 3 });
      expect(Array.from((decoded as { rows: Float64Array }).rows)).toEqual([1, 2, 3, 4, 5, 6]);
      void envelope;
    });
  });

  it('refuses other versions, unknown types and ragged batches', () => {
    expect(() => decodeToWorker({ v: 999, msg: { type: 'play' } })).toThrow(ProtocolError);
    expect(() => decodeToWorker({ v: PROTOCOL_VERSION, msg: { type: 'explode' } })).toThrow(
      /unknown message type/,
    );
    expect(() => decodeToWorker('play')).toThrow(ProtocolError);
    expect(() =>
      decodeFromWorker({
        v: PROTOCOL_VERSION,
        msg: { type: 'batch', session: 1, columns: 4, rows: new Float64Array(6) },
      }),
    ).toThrow(/whole number/);
  });

  it('transfers an exported pcap instead of copying it, and refuses one without bytes', async () => {
    const bytes = new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1, 1, 2, 3]);
    const msg: FromWorker = {
      type: 'exported',
      id: 3,
      session: 1,
      result: { kind: 'pcap', port: 0, snaplen: 128, bytes },
    };
    expect(encode(msg)[1]).toEqual([bytes.buffer]);
    const channel = new MessageChannel();
    const received = new Promise<unknown>((resolve) => {
      channel.port2.onmessage = (e) => resolve(e.data);
    });
    post(channel.port1, msg);
    const data = await received;
    channel.port1.close();
    channel.port2.close();
    expect(bytes.byteLength).toBe(0);
    const decoded = decodeFromWorker(data);
    expect(decoded).toMatchObject({ type: 'exported', result: { kind: 'pcap', port: 0 } });
    expect(() =>
      decodeFromWorker({
        v: PROTOCOL_VERSION,
        msg: { ...msg, result: { kind: 'pcap', port: 0, snaplen: 128, bytes: [1, 2] } },
      }),
    ).toThrow(/no bytes/);
  });

  it('version 3 knows the packet list and export messages both ways', () => {
    expect(PROTOCOL_VERSION).toBe(3);
    const frames = { type: 'frames', id: 1, port: 0, filter: 'flags:S', limit: 200 } as const;
    expect(decodeToWorker(encode(frames)[0])).toEqual(frames);
    const exp = { type: 'export', id: 2, what: { kind: 'pcap', port: 1 } } as const;
    expect(decodeToWorker(encode(exp)[0])).toEqual(exp);
    const progress = {
      type: 'export-progress',
      id: 2,
      session: 1,
      doneNs: 5,
      untilNs: 10,
    } as const;
    expect(decodeFromWorker(encode(progress)[0])).toEqual(progress);
  });
});
