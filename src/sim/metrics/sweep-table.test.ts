import { describe, expect, it } from 'vitest';
import { runScenario } from '../run.ts';
import { parseScenario } from '../scenario/schema.ts';
import {
  METRIC_COLUMNS,
  csvField,
  csvRow,
  formatNumber,
  sweepCsv,
  sweepCsvHeader,
  sweepCsvRow,
  sweepMetrics,
  type SweepMetrics,
} from './sweep-table.ts';

describe('CSV cells', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvRow(['x', 1, 'y,z'])).toBe('x,1,"y,z"\r\n');
  });

  it('numbers to 4 decimals, integers whole', () => {
    expect(formatNumber(941.23456)).toBe('941.2346');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(253456)).toBe('253456');
    expect(formatNumber(-0.00001)).toBe('0');
    expect(csvField(1 / 3)).toBe('0.3333');
  });
});

const METRICS: SweepMetrics = {
  goodputMbps: 941.27741,
  cpuUtilization: 0.43256,
  cyclesPerPayloadByte: 8.2148,
  cpuCopiesPerByte: 1.0002,
  memoryBusBytesPerByte: 4.0973,
  pciBytesPerByte: 1.0969,
  pciUtilization: 0.1588,
  memoryBusUtilization: 0.2404,
  engineUtilization: null,
  cardMemoryPeakBytes: 0,
  bottleneck: 'wire',
  streamIntact: true,
};

describe('the sweep table', () => {
  it('header: the swept paths, then every metric column', () => {
    expect(sweepCsvHeader(['host.cpuGhz', 'architecture'])).toBe(
      `host.cpuGhz,architecture,${METRIC_COLUMNS.join(',')}\r\n`,
    );
    expect(METRIC_COLUMNS).not.toContain('wallMs');
  });

  it('a row: the values as typed, then the metrics; null is an empty cell', () => {
    expect(sweepCsvRow(['2.4', 'host-stack'], METRICS)).toBe(
      '2.4,host-stack,941.2774,0.4326,8.2148,1.0002,4.0973,1.0969,0.1588,0.2404,,0,wire,true\r\n',
    );
  });

  it('the whole file is the header and the rows in the order given', () => {
    const csv = sweepCsv(
      ['bus.kind'],
      [
        { texts: ['pci-66'], metrics: { ...METRICS, bottleneck: 'pci-bus' } },
        { texts: ['pcix-133'], metrics: METRICS },
      ],
    );
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]!.startsWith('bus.kind,goodputMbps,')).toBe(true);
    expect(lines[1]!.startsWith('pci-66,941.2774,')).toBe(true);
    expect(lines[1]!.endsWith(',pci-bus,true')).toBe(true);
    expect(lines[3]).toBe('');
  });

  it('metrics from a real run: goodput over all ports, the bottleneck, the stream checked', () => {
    const parsed = parseScenario({ version: 1, durationMs: 40, nic: { ports: 2 } });
    if (!parsed.ok) throw new Error('invalid test scenario');
    const results = runScenario(parsed.scenario);
    const metrics = sweepMetrics(results);
    const sum = results.ports.reduce((s, p) => s + p.txGoodputMbps + p.rxGoodputMbps, 0);
    expect(metrics.goodputMbps).toBe(sum);
    expect(metrics.goodputMbps).toBeGreaterThan(0);
    expect(metrics.cpuUtilization).toBe(results.host?.cpuUtilization);
    expect(metrics.bottleneck).toBe(results.bottleneck);
    expect(metrics.streamIntact).toBe(true);
    // Every column is a plain value a worker can post and a CSV cell can hold.
    for (const column of METRIC_COLUMNS) {
      expect(['number', 'string', 'boolean', 'object']).toContain(typeof metrics[column]);
    }
  });
});
