import { describe, expect, it } from 'vitest';
import type { FrameSummary } from '../../protocol/messages.ts';
import { countLine, frameTime, ipPair, macPair } from './frame-format.ts';

const TCP: FrameSummary = {
  number: 12,
  timeNs: 1_234_567_891,
  dir: 'tx',
  kind: 'tcp',
  srcMac: '02:00:00:00:00:01',
  dstMac: '02:00:00:00:10:01',
  srcIp: '10.0.0.1',
  dstIp: '10.0.0.2',
  srcPort: 40000,
  dstPort: 5001,
  flags: 'PA',
  seq: 1,
  ack: 1,
  window: 502,
  payloadBytes: 1448,
  frameBytes: 1514,
  staleMac: false,
  info: '',
};

describe('packet list formats', () => {
  it('time in seconds with six decimals; addresses as source → destination', () => {
    expect(frameTime(1_234_567_891)).toBe('1.234568');
    expect(frameTime(0)).toBe('0.000000');
    expect(macPair(TCP)).toBe('02:00:00:00:00:01 → 02:00:00:00:10:01');
    expect(ipPair(TCP)).toBe('10.0.0.1:40000 → 10.0.0.2:5001');
    expect(ipPair({ ...TCP, kind: 'arp-request', srcPort: null, dstPort: null })).toBe(
      '10.0.0.1 → 10.0.0.2',
    );
  });

  it('the count line says what is shown, what matched, what is kept', () => {
    expect(countLine({ shown: 200, matched: 4812, kept: 5000, seen: 123456, port: 0 })).toBe(
      'showing 200 of 4,812 matching, 5,000 kept (123,456 on port 0 since t = 0)',
    );
    expect(countLine({ shown: 0, matched: 0, kept: 0, seen: 0, port: 2 })).toBe(
      'no frames on port 2 yet',
    );
  });
});
