import { describe, expect, it } from 'vitest';
import { WireError } from './bytes.ts';
import { internetChecksum, pseudoHeaderSum } from './checksum.ts';
import { HOST_IP, HOST_MAC, PEER_IP, PEER_MAC, payloadOf } from './fixtures.ts';
import { parseFrame, readFragment } from './parse.ts';
import { serializeFrame } from './serialize.ts';
import { frameWireBytes, headerBytes, payloadBytes } from './size.ts';
import { readUdp } from './udp.ts';
import {
  ETHERTYPE_IPV4,
  IP_PROTO_UDP,
  type EthernetFrame,
  type Ipv4Fragment,
  type UdpDatagram,
} from './types.ts';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function udpFrame(
  d: Partial<UdpDatagram> = {},
  fragment: Ipv4Fragment | null = null,
): EthernetFrame {
  return {
    dst: PEER_MAC,
    src: HOST_MAC,
    etherType: ETHERTYPE_IPV4,
    ip: {
      src: HOST_IP,
      dst: PEER_IP,
      ttl: 64,
      id: 0,
      dontFragment: true,
      protocol: IP_PROTO_UDP,
      udp: { srcPort: 40000, dstPort: 5001, checksummed: true, payload: new Uint8Array(0), ...d },
      fragment,
    },
  };
}

describe('UDP on the wire (RFC 768)', () => {
  it('writes a datagram byte for byte, checksums worked out by hand', () => {
    const bytes = serializeFrame(udpFrame({ payload: Uint8Array.of(1, 2) }));
    const expected = [
      '020000000002 020000000001 0800',
      '4500 001e 0000 4000 4011 26cd 0a000001 0a000002', // total 30, DF, TTL 64, UDP
      '9c40 1389 000a 3b0c 0102', // ports, length 10, checksum, data
    ]
      .join('')
      .replaceAll(' ', '');
    // 44 bytes, padded with zeros to the 60 a capture shows.
    expect(hex(bytes)).toBe(expected + '00'.repeat(16));
  });

  it('reads back what it wrote, checksum verified', () => {
    const frame = udpFrame({ payload: payloadOf(1472) });
    const parsed = parseFrame(serializeFrame(frame));
    expect(parsed).toEqual(frame);
    expect(frameWireBytes(frame)).toBe(1518);
  });

  it('sends the checksum as zero when the socket asks for none, and the reader accepts it', () => {
    const frame = udpFrame({ payload: payloadOf(100), checksummed: false });
    const bytes = serializeFrame(frame);
    expect(hex(bytes.subarray(40, 42))).toBe('0000');
    // Corrupting the data goes unnoticed: there is no checksum to check.
    bytes[50] = bytes[50]! ^ 0xff;
    const parsed = parseFrame(bytes);
    expect(parsed.etherType === ETHERTYPE_IPV4 && parsed.ip.protocol === IP_PROTO_UDP).toBe(true);
    if (parsed.etherType === ETHERTYPE_IPV4 && parsed.ip.protocol === IP_PROTO_UDP) {
      expect(parsed.ip.udp.checksummed).toBe(false);
    }
  });

  it('sends a computed checksum of 0 as 0xffff (0 would mean none)', () => {
    // Two data bytes chosen so the one's-complement sum folds to 0xffff: checksum 0.
    const base = udpFrame({ payload: Uint8Array.of(0, 0) });
    const probe = serializeFrame(base);
    probe[40] = 0;
    probe[41] = 0;
    const sum = internetChecksum(probe, 34, 10, pseudoHeaderSum(HOST_IP, PEER_IP, 17, 10));
    // `sum` is the checksum of the datagram with data 0x0000 (the complement of its sum):
    // data equal to it brings the sum to 0xffff, whose complement is 0.
    const frame = udpFrame({ payload: Uint8Array.of(sum >>> 8, sum & 0xff) });
    const bytes = serializeFrame(frame);
    expect(hex(bytes.subarray(40, 42))).toBe('ffff');
    expect(internetChecksum(bytes, 34, 10, pseudoHeaderSum(HOST_IP, PEER_IP, 17, 10))).toBe(0);
  });

  it('refuses a bad checksum and a length that disagrees with IP', () => {
    const bytes = serializeFrame(udpFrame({ payload: payloadOf(20) }));
    bytes[45] = bytes[45]! ^ 1;
    expect(() => parseFrame(bytes)).toThrow(/UDP: bad checksum/);
    expect(() => readUdp(bytes, 34, 27, HOST_IP, PEER_IP, false)).toThrow(WireError);
  });
});

describe('IPv4 fragments of a UDP datagram (RFC 791)', () => {
  const d = { payload: payloadOf(8192) };
  // 8200 bytes of IP payload (header + data) at MTU 1500: 5 × 1480 and 800.
  const pieces: Ipv4Fragment[] = [0, 1480, 2960, 4440, 5920, 7400].map((offset) => ({
    offset,
    length: Math.min(1480, 8200 - offset),
    more: offset < 7400,
  }));

  it('carry offset and MF in the header, DF as the sender set it', () => {
    const bytes = serializeFrame(udpFrame(d, pieces[1]!));
    // flags/offset: DF | MF | 1480 / 8 = 185 = 0xb9
    expect(hex(bytes.subarray(20, 22))).toBe('60b9');
    expect(hex(bytes.subarray(16, 18))).toBe((20 + 1480).toString(16).padStart(4, '0'));
    const last = serializeFrame(udpFrame(d, pieces[5]!));
    expect(hex(last.subarray(20, 22))).toBe((0x4000 | (7400 / 8)).toString(16));
  });

  it('put the UDP header in the first fragment only, and its bytes put together are the datagram', () => {
    const whole = serializeFrame(udpFrame(d)).subarray(34);
    const glued = new Uint8Array(8200);
    for (const f of pieces) {
      const r = readFragment(serializeFrame(udpFrame(d, f)));
      expect([r.offset, r.more, r.protocol, r.data.length]).toEqual([
        f.offset,
        f.more,
        17,
        f.length,
      ]);
      glued.set(r.data, r.offset);
    }
    expect(hex(glued)).toBe(hex(whole));
    expect(readUdp(glued, 0, 8200, HOST_IP, PEER_IP, true).payload).toEqual(d.payload);
  });

  it('count their payload share for DMA: the header only in the first', () => {
    expect(payloadBytes(udpFrame(d, pieces[0]!))).toBe(1472);
    expect(payloadBytes(udpFrame(d, pieces[1]!))).toBe(1480);
    expect(headerBytes(udpFrame(d, pieces[0]!))).toBe(14 + 20 + 8);
    expect(headerBytes(udpFrame(d, pieces[1]!))).toBe(14 + 20);
  });

  it('are not whole packets to parseFrame', () => {
    expect(() => parseFrame(serializeFrame(udpFrame(d, pieces[2]!)))).toThrow(/not a whole packet/);
  });

  it('must sit on 8-byte boundaries inside the datagram', () => {
    expect(() => serializeFrame(udpFrame(d, { offset: 4, length: 8, more: true }))).toThrow(
      WireError,
    );
    expect(() => serializeFrame(udpFrame(d, { offset: 8192, length: 16, more: false }))).toThrow(
      /do not fit/,
    );
  });
});
