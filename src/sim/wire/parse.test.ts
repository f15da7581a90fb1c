import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  arpReply,
  arpRequest,
  fragNeeded,
  HOST_IP,
  PEER_IP,
  payloadOf,
  segment,
  tcpFrame,
  tcpPacket,
} from './fixtures.ts';
import { parseFrame, parseQuoted, WireError } from './parse.ts';
import { quoteDatagram, serializeFrame } from './serialize.ts';
import {
  ETHERTYPE_IPV4,
  IP_PROTO_TCP,
  TcpFlag,
  type EthernetFrame,
  type SackBlock,
  type TcpSegment,
} from './types.ts';

function roundTrip(frame: EthernetFrame): void {
  expect(parseFrame(serializeFrame(frame))).toEqual(frame);
}

const blocks: SackBlock[] = [
  { left: 0x1000, right: 0x2000 },
  { left: 0xffff_f000, right: 0x0000_0100 }, // wraps around 2^32
  { left: 5, right: 6 },
];

describe('parseFrame ∘ serializeFrame', () => {
  const combinations: [string, Partial<TcpSegment>][] = [
    ['bare ACK', { flags: TcpFlag.ACK, ack: 77 }],
    ['SYN, MSS only', { flags: TcpFlag.SYN, mss: 1460 }],
    [
      'SYN, all options',
      { flags: TcpFlag.SYN, mss: 1460, sackPermitted: true, tsVal: 1, windowScale: 7 },
    ],
    [
      'SYN-ACK, timestamps only',
      { flags: TcpFlag.SYN | TcpFlag.ACK, mss: 1460, tsVal: 9, tsEcr: 1, windowScale: 0 },
    ],
    ['SYN, SACK-permitted only', { flags: TcpFlag.SYN, mss: 536, sackPermitted: true }],
    ['SYN, window scale only', { flags: TcpFlag.SYN, windowScale: 14 }],
    [
      'data with timestamps',
      { flags: TcpFlag.ACK | TcpFlag.PSH, tsVal: 0xffff_ffff, tsEcr: 3, payload: payloadOf(1448) },
    ],
    ['FIN, all flags', { flags: 0xff, seq: 0xffff_ffff, ack: 0xffff_ffff, window: 0 }],
    ['1 SACK block', { flags: TcpFlag.ACK, tsVal: 1, tsEcr: 2, sack: blocks.slice(0, 1) }],
    ['2 SACK blocks', { flags: TcpFlag.ACK, tsVal: 1, tsEcr: 2, sack: blocks.slice(0, 2) }],
    ['3 SACK blocks', { flags: TcpFlag.ACK, tsVal: 1, tsEcr: 2, sack: blocks }],
    [
      '4 SACK blocks, no timestamps',
      { flags: TcpFlag.ACK, sack: [...blocks, { left: 9, right: 10 }] },
    ],
    ['odd payload', { payload: payloadOf(1) }],
  ];

  it.each(combinations)('round-trips TCP: %s', (_name, seg) => {
    roundTrip(tcpFrame(seg));
    roundTrip(tcpFrame(seg, 'in'));
  });

  it('round-trips ARP request and reply', () => {
    roundTrip(arpRequest());
    roundTrip(arpReply());
  });

  it('round-trips ICMP fragmentation needed with its quoted datagram', () => {
    const offending = tcpPacket(segment({ seq: 123456, payload: payloadOf(1448) }));
    roundTrip(fragNeeded(offending, 1200));
  });

  it('round-trips arbitrary TCP frames', () => {
    const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
    const u16 = fc.integer({ min: 0, max: 0xffff });
    const seg = fc.record({
      srcPort: u16,
      dstPort: u16,
      seq: u32,
      ack: u32,
      flags: fc.integer({ min: 0, max: 0xff }),
      window: u16,
      mss: fc.option(u16),
      windowScale: fc.option(fc.integer({ min: 0, max: 14 })),
      sackPermitted: fc.boolean(),
      sack: fc.option(
        fc.array(fc.record({ left: u32, right: u32 }), { minLength: 1, maxLength: 2 }),
      ),
      tsVal: fc.option(u32),
      tsEcr: u32,
      payload: fc.uint8Array({ maxLength: 300, size: 'max' }),
    });
    fc.assert(
      fc.property(seg, u32, u32, fc.integer({ min: 0, max: 255 }), (s, src, dst, ttl) => {
        const tcp = { ...s, tsEcr: s.tsVal === null ? 0 : s.tsEcr };
        const frame: EthernetFrame = {
          dst: 0xffff_ffff_ffff,
          src: 0x1234_5678_9abc,
          etherType: ETHERTYPE_IPV4,
          ip: {
            src,
            dst,
            ttl,
            id: ttl * 3,
            dontFragment: ttl % 2 === 0,
            protocol: IP_PROTO_TCP,
            tcp,
          },
        };
        roundTrip(frame);
      }),
    );
  });

  it('returns payloads as views of the input, ignoring Ethernet padding', () => {
    const bytes = serializeFrame(tcpFrame({ payload: Uint8Array.from([1, 2, 3]) }));
    expect(bytes.length).toBe(60);
    const frame = parseFrame(bytes);
    if (frame.etherType !== ETHERTYPE_IPV4 || frame.ip.protocol !== IP_PROTO_TCP) throw new Error();
    expect([...frame.ip.tcp.payload]).toEqual([1, 2, 3]);
    expect(frame.ip.tcp.payload.buffer).toBe(bytes.buffer);
  });
});

describe('parseFrame on bad input', () => {
  const data = () => serializeFrame(tcpFrame({ tsVal: 1, payload: payloadOf(100) }));

  it.each([
    ['IPv4 header', 14 + 8, /IPv4: bad header checksum/],
    ['TCP header', 14 + 20 + 4, /TCP: bad checksum/],
    ['TCP payload', 100, /TCP: bad checksum/],
  ])('detects a corrupted %s', (_where, at, message) => {
    const bytes = data();
    bytes[at]! ^= 0x10;
    expect(() => parseFrame(bytes)).toThrow(message);
    expect(() => parseFrame(bytes, { verifyChecksums: false })).not.toThrow();
  });

  it('detects a corrupted ICMP message', () => {
    const bytes = serializeFrame(fragNeeded(tcpPacket(segment()), 1400));
    bytes[14 + 20 + 7]! ^= 1; // next-hop MTU
    expect(() => parseFrame(bytes)).toThrow(/ICMP: bad checksum/);
  });

  it('names what is wrong with malformed frames', () => {
    const cases: [(b: Uint8Array) => Uint8Array, RegExp][] = [
      [(b) => b.subarray(0, 10), /Ethernet header: need 14 bytes/],
      [
        (b) => b.subarray(0, 100),
        /IPv4 datagram \(total length\): need 152 bytes at offset 14, only 86/,
      ],
      [(b) => set(set(b, 12, 0x86), 13, 0xdd), /unsupported EtherType 0x86dd/],
      [(b) => set(b, 14, 0x46), /options are not supported/],
      [(b) => set(b, 14, 0x65), /version 6/],
      [(b) => set(b, 14 + 6, 0x60), /a fragment \(offset 0, MF\) is not a whole packet/],
      [(b) => set(b, 14 + 9, 47), /unsupported protocol 47/],
      [(b) => set(b, 34 + 12, 0x40), /data offset 16 bytes is below the minimum 20/],
      [
        () => set(serializeFrame(tcpFrame({ tsVal: 1 })), 34 + 12, 0xf0),
        /TCP header with options \(data offset\): need 60 bytes/,
      ],
      [(b) => set(b, 34 + 20 + 3, 9), /TCP option 8: length 9, expected 10/],
      [(b) => set(b, 34 + 20 + 3, 11), /TCP option 8: need 11 bytes/],
      [(b) => set(b, 34 + 20 + 3, 1), /TCP option 8: length 1 is below 2/],
    ];
    for (const [corrupt, message] of cases) {
      const bytes = corrupt(data());
      expect(() => parseFrame(bytes, { verifyChecksums: false })).toThrow(WireError);
      expect(() => parseFrame(bytes, { verifyChecksums: false })).toThrow(message);
    }
  });

  it('refuses ARP for other hardware or operations', () => {
    const hw = serializeFrame(arpRequest());
    hw[15] = 6;
    expect(() => parseFrame(hw)).toThrow(/only Ethernet\/IPv4/);
    const op = serializeFrame(arpRequest());
    op[21] = 3;
    expect(() => parseFrame(op)).toThrow(/operation 3/);
  });

  it('skips unknown TCP options and stops at end-of-list', () => {
    const bytes = serializeFrame(tcpFrame({ tsVal: 1, tsEcr: 2 }));
    // Replace NOP NOP before the timestamps with an unknown 2-byte option (kind 30).
    bytes.set([30, 2], 54);
    const frame = parseFrame(bytes, { verifyChecksums: false });
    if (frame.etherType !== ETHERTYPE_IPV4 || frame.ip.protocol !== IP_PROTO_TCP) throw new Error();
    expect(frame.ip.tcp.tsVal).toBe(1);
    bytes.set([0], 54); // EOL: the timestamps after it are not options
    const cut = parseFrame(bytes, { verifyChecksums: false });
    if (cut.etherType !== ETHERTYPE_IPV4 || cut.ip.protocol !== IP_PROTO_TCP) throw new Error();
    expect(cut.ip.tcp.tsVal).toBeNull();
  });
});

describe('parseQuoted', () => {
  it('finds the connection a quoted TCP datagram belongs to', () => {
    const packet = tcpPacket(segment({ srcPort: 40001, dstPort: 80, seq: 0xfeed_f00d }));
    expect(parseQuoted(quoteDatagram(packet))).toEqual({
      src: HOST_IP,
      dst: PEER_IP,
      protocol: IP_PROTO_TCP,
      srcPort: 40001,
      dstPort: 80,
      seq: 0xfeed_f00d,
    });
  });

  it('reads the quote out of a parsed frag-needed message', () => {
    const packet = tcpPacket(segment({ seq: 42, payload: payloadOf(1448) }));
    const frame = parseFrame(serializeFrame(fragNeeded(packet, 1280)));
    if (frame.etherType !== ETHERTYPE_IPV4 || frame.ip.protocol !== 1) throw new Error();
    expect(frame.ip.icmp).toMatchObject({ type: 3, code: 4, nextHopMtu: 1280 });
    expect(parseQuoted(frame.ip.icmp.quoted).seq).toBe(42);
  });

  it('skips quoted IP options and refuses short quotes', () => {
    const quote = quoteDatagram(tcpPacket(segment({ srcPort: 7, seq: 9 })));
    const withOptions = new Uint8Array(32);
    withOptions.set(quote.subarray(0, 20));
    withOptions[0] = 0x46;
    withOptions.set([1, 1, 1, 0], 20); // NOP NOP NOP EOL
    withOptions.set(quote.subarray(20), 24);
    expect(parseQuoted(withOptions)).toMatchObject({ srcPort: 7, seq: 9 });
    expect(() => parseQuoted(quote.subarray(0, 27))).toThrow(/need 8 bytes/);
    expect(() => parseQuoted(quote.subarray(0, 12))).toThrow(WireError);
  });
});

function set(bytes: Uint8Array, at: number, value: number): Uint8Array {
  bytes[at] = value;
  return bytes;
}
