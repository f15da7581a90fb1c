import { describe, expect, it } from 'vitest';
import { WireError } from './bytes.ts';
import {
  arpReply,
  arpRequest,
  fragNeeded,
  payloadOf,
  segment,
  tcpFrame,
  tcpPacket,
} from './fixtures.ts';
import { quoteDatagram, serializeFrame } from './serialize.ts';
import { frameWireBytes } from './size.ts';
import { parseFrame } from './parse.ts';
import {
  ETHERTYPE_MAC_CONTROL,
  PAUSE_MAC,
  TcpFlag,
  type EthernetFrame,
  type TcpSegment,
} from './types.ts';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The options region of a serialised TCP frame (after 14 + 20 + 20 bytes). */
function optionsHex(seg: Partial<TcpSegment>): string {
  const bytes = serializeFrame(tcpFrame(seg));
  const dataOffset = (bytes[14 + 20 + 12]! >>> 4) * 4;
  return hex(bytes.subarray(54, 34 + dataOffset));
}

describe('serializeFrame', () => {
  it('writes a Linux SYN byte for byte', () => {
    const frame = tcpFrame({
      seq: 0x12345678,
      flags: TcpFlag.SYN,
      window: 5840,
      mss: 1460,
      sackPermitted: true,
      tsVal: 0x00abcdef,
      tsEcr: 0,
      windowScale: 2,
    });
    if (frame.etherType === 0x0800) frame.ip.id = 0x1234;
    // Checksums computed by hand from RFC 791 / RFC 9293, independently of this code.
    const expected = [
      '020000000002 020000000001 0800', // Ethernet: dst, src, IPv4
      '4500 003c 1234 4000 4006 1486 0a000001 0a000002', // total 60, id, DF, TTL 64, TCP, checksum
      '9c40 1389 12345678 00000000 a002 16d0 3622 0000', // ports, seq, ack, offset 10 + SYN, window
      '020405b4 0402 080a 00abcdef 00000000 01 030302', // MSS 1460, SACK_PERM, TS, NOP, WSCALE 2
    ]
      .join('')
      .replaceAll(' ', '');
    expect(hex(serializeFrame(frame))).toBe(expected);
  });

  it.each<[string, Partial<TcpSegment>, string]>([
    ['SYN: MSS only', { mss: 1460 }, '020405b4'],
    [
      'SYN: MSS, SACK-permitted, timestamps, window scale',
      { mss: 1460, sackPermitted: true, tsVal: 1, tsEcr: 2, windowScale: 7 },
      '020405b4' + '0402080a0000000100000002' + '01030307',
    ],
    [
      'SYN: timestamps only',
      { mss: 1460, tsVal: 1, tsEcr: 0, windowScale: 0 },
      '020405b4' + '0101080a0000000100000000' + '01030300',
    ],
    [
      'SYN: SACK-permitted only',
      { mss: 536, sackPermitted: true, windowScale: 14 },
      '02040218' + '01010402' + '0103030e',
    ],
    ['data: timestamps', { tsVal: 0xdeadbeef, tsEcr: 0x01020304 }, '0101080adeadbeef01020304'],
    [
      'data: timestamps and one SACK block',
      { tsVal: 5, tsEcr: 6, sack: [{ left: 0x1000, right: 0x2000 }] },
      '0101080a0000000500000006' + '0101050a' + '0000100000002000',
    ],
    [
      'data: three SACK blocks, no timestamps',
      {
        sack: [
          { left: 1, right: 2 },
          { left: 3, right: 4 },
          { left: 5, right: 6 },
        ],
      },
      '0101051a' + '00000001000000020000000300000004' + '0000000500000006',
    ],
    ['data: no options', {}, ''],
  ])('lays out options as Linux does — %s', (_name, seg, expected) => {
    expect(optionsHex(seg)).toBe(expected);
  });

  it('is frameWireBytes − 4 (no FCS) long, and 60 for short frames', () => {
    const frames: EthernetFrame[] = [
      tcpFrame({ payload: payloadOf(1448), tsVal: 1 }),
      tcpFrame({ payload: payloadOf(7), tsVal: 1 }),
      tcpFrame({ payload: payloadOf(6) }),
      tcpFrame({ payload: payloadOf(10) }),
      tcpFrame({ mss: 1460, sackPermitted: true, tsVal: 1, windowScale: 7, flags: TcpFlag.SYN }),
      tcpFrame({
        tsVal: 1,
        sack: [
          { left: 1, right: 2 },
          { left: 3, right: 4 },
          { left: 5, right: 6 },
        ],
      }),
      tcpFrame({ flags: TcpFlag.ACK }),
      arpRequest(),
      arpReply(),
      fragNeeded(tcpPacket(segment({ payload: payloadOf(1448) })), 1200),
    ];
    for (const frame of frames) {
      const bytes = serializeFrame(frame);
      const onWire = frameWireBytes(frame);
      expect(bytes.length).toBe(onWire > 64 ? onWire - 4 : 60);
      if (onWire === 64) expect(bytes.length).toBe(60);
    }
  });

  it('pads a pure ACK and an ARP with zeros to 60 bytes', () => {
    const ack = serializeFrame(tcpFrame({ flags: TcpFlag.ACK }));
    expect(ack.length).toBe(60);
    expect([...ack.subarray(54)]).toEqual([0, 0, 0, 0, 0, 0]);
    const arp = serializeFrame(arpRequest());
    expect(hex(arp.subarray(12, 42))).toBe(
      '0806' + '0001080006040001' + '020000000001' + '0a000001' + '000000000000' + '0a000002',
    );
    expect(arp.subarray(42).every((b) => b === 0)).toBe(true);
  });

  it('writes an 802.3x PAUSE: MAC Control 0x8808, opcode 1, the quanta, padded to 60 bytes', () => {
    const pause: EthernetFrame = {
      dst: PAUSE_MAC,
      src: 0x02_00_00_00_00_01,
      etherType: ETHERTYPE_MAC_CONTROL,
      pause: { quanta: 0x0680 },
    };
    const bytes = serializeFrame(pause);
    expect(bytes.length).toBe(60);
    expect(frameWireBytes(pause)).toBe(64);
    expect(hex(bytes.subarray(0, 18))).toBe(
      '0180c2000001' + '020000000001' + '8808' + '0001' + '0680',
    );
    expect(bytes.subarray(18).every((b) => b === 0)).toBe(true);
    expect(parseFrame(bytes)).toEqual(pause);
  });

  it('writes the IPv4 DF flag, TTL and id from the representation', () => {
    const frame = tcpFrame();
    if (frame.etherType !== 0x0800) throw new Error('fixture');
    Object.assign(frame.ip, { dontFragment: false, ttl: 3, id: 0xbeef });
    expect(hex(serializeFrame(frame).subarray(18, 23))).toBe('beef000003');
  });

  it('refuses values that do not fit their fields', () => {
    expect(() => serializeFrame(tcpFrame({ seq: 2 ** 32 }))).toThrow(/TCP sequence number/);
    expect(() => serializeFrame(tcpFrame({ seq: -1 }))).toThrow(WireError);
    expect(() => serializeFrame(tcpFrame({ window: 65536 }))).toThrow(/TCP window/);
    expect(() => serializeFrame(tcpFrame({ payload: new Uint8Array(65_535) }))).toThrow(
      /IPv4 total length/,
    );
    const fourBlocksAndTs = [1, 2, 3, 4].map((n) => ({ left: n, right: n + 1 }));
    expect(() => serializeFrame(tcpFrame({ tsVal: 1, sack: fourBlocksAndTs }))).toThrow(
      /options need 48 bytes/,
    );
  });
});

describe('quoteDatagram', () => {
  it('quotes the IP header and the first 8 bytes of TCP (RFC 792)', () => {
    const packet = tcpPacket(segment({ seq: 0xa1b2c3d4, payload: payloadOf(1448), tsVal: 9 }));
    const full = serializeFrame({ dst: 1, src: 2, etherType: 0x0800, ip: packet });
    const quoted = quoteDatagram(packet);
    expect(quoted.length).toBe(28);
    expect(hex(quoted)).toBe(hex(full.subarray(14, 42)));
  });
});
