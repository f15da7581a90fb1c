import { describe, expect, it } from 'vitest';
import { COST_KEYS, COST_TABLE, busSpec, resolveCosts, type CostKey } from './cost-table.ts';

/** DESIGN.md §3's default-parameter table and issue 3's list, value by value. */
const DESIGN_DEFAULTS: Record<CostKey, number> = {
  copyTxCyclesPerByte: 2.0,
  copyRxCyclesPerByte: 2.5,
  checksumCyclesPerByte: 1.0,
  checksumFusedCyclesPerByte: 0.6,
  txPerPacketCycles: 5000,
  txCompletionCycles: 800,
  rxPerPacketCycles: 6000,
  ackRxCycles: 3000,
  ackTxCycles: 2500,
  interruptCycles: 3000,
  maxInterruptsPerSecond: 8000,
  syscallCycles: 1500,
  toePostCycles: 8000,
  toePerPageCycles: 600,
  rxHeaderOnlyCycles: 3000,
  descriptorSetupCycles: 300,
  doorbellCycles: 200,
  mmioReadStallNs: 1000,
  descriptorBytes: 16,
  memoryBusSustainedFraction: 0.85,
  // Issue 13: memory traffic in whole cache lines; receive descriptors and their write-back.
  cacheLineBytes: 64,
  rxDescriptorBytes: 16,
  rxWriteBackBatch: 1,
  rxWriteBackDelayNs: 0,
  pciWriteOverheadClocks: 5,
  pciReadOverheadClocks: 10,
  pciMmrbcBytes: 512,
  pciMaxWriteBurstBytes: 4096,
  pciReadLatencyNs: 300,
  pciOutstandingReads: 1,
  cardFrameCycles: 100,
  toeSegmentCycles: 400,
  toeAckCycles: 200,
  toeConnectionSetupCycles: 20_000,
  toeOffloadHostCycles: 10_000,
  syncPushCycles: 2000,
  syncPollCycles: 1000,
  syncEntryBytes: 16,
  hostConnectionCycles: 12_000,
  cardFlowLookupCycles: 100,
  cardFilterCycles: 20,
  // Issue 10: the queues Linux 2.4 and the e1000 driver have, each from its source.
  txqueuelenLinux24: 100,
  txqueuelenLinux: 1000,
  txDescriptors: 256,
  rxDescriptors: 256,
  txQueueWakeDescriptors: 16,
  rxRefillBatch: 16,
  tsoMaxBytes: 65_536,
  nicTxFifoBytes: 16_384,
  nicRxFifoBytes: 49_152,
  nicTxFifoJumboBytes: 24_576,
  nicRxFifoJumboBytes: 40_960,
  pauseHighDiffBytes: 5688,
  pauseLowDiffBytes: 5696,
  pauseQuanta: 1664,
  // The model's resolution and the bottleneck check's what-ifs and thresholds.
  pciSlotNs: 250,
  memorySlotNs: 1000,
  engineSlotNs: 250,
  pciSpeedFactor: 1,
  dmaSpeedFactor: 1,
  saturatedUtilisation: 0.9,
  windowLimitedShare: 0.5,
  windowQueueUtilisation: 0.5,
  bottleneckMinGain: 0.02,
  // Issue 14: UDP — per-datagram and per-frame estimates, socket buffers, reassembly limits.
  udpTxDatagramCycles: 1500,
  udpTxFrameCycles: 2000,
  ipFragmentTxCycles: 1000,
  udpRxFrameCycles: 3000,
  ipFragmentRxCycles: 800,
  ipReassemblyCycles: 1000,
  udpRxDatagramCycles: 1500,
  udpRecvmsgCycles: 800,
  udpSendBufferBytes: 65_535,
  udpRecvBufferBytes: 65_535,
  skbOverheadBytes: 164,
  skbAlignBytes: 128,
  ipfragHighThreshBytes: 262_144,
  ipfragLowThreshBytes: 196_608,
  ipfragTimeMs: 30_000,
};

describe('the cost table', () => {
  it('has exactly the DESIGN.md §3 parameters, at their default values', () => {
    expect([...COST_KEYS].sort()).toEqual(Object.keys(DESIGN_DEFAULTS).sort());
    for (const key of COST_KEYS)
      expect([key, COST_TABLE[key].default]).toEqual([key, DESIGN_DEFAULTS[key]]);
  });

  it('derives the sustained memory fraction from the fitted copy: 3.6 of 4.26 GB/s (E7501)', () => {
    // The fitted TX copy moves 3 B per payload byte at 2.4 GHz / 2.0 cycles/B = 1.2 GB/s.
    const copyDemand = 3 * (2.4 / COST_TABLE.copyTxCyclesPerByte.default);
    expect(COST_TABLE.memoryBusSustainedFraction.default * 4.26).toBeGreaterThanOrEqual(copyDemand);
    expect(COST_TABLE.memoryBusSustainedFraction.basis).toBe('derived');
  });

  it('marks a parameter verified only with a document to check it against', () => {
    for (const key of COST_KEYS) {
      const p = COST_TABLE[key];
      if (p.basis === 'verified')
        expect(p.source, key).toMatch(/manual|datasheet|Linux|PCI|e1000|8254x/);
    }
  });

  it('gives every parameter a unit, a source, a description and a range holding its default', () => {
    for (const key of COST_KEYS) {
      const p = COST_TABLE[key];
      expect(p.unit, key).not.toBe('');
      expect(p.source, key).not.toBe('');
      expect(p.description, key).not.toBe('');
      expect(p.min, key).toBeLessThanOrEqual(p.default);
      expect(p.max, key).toBeGreaterThanOrEqual(p.default);
    }
  });

  it('cites the DESIGN.md §3 basis where it gives one', () => {
    expect(COST_TABLE.copyTxCyclesPerByte.basis).toBe('fitted');
    expect(COST_TABLE.copyTxCyclesPerByte.source).toContain('R2');
    expect(COST_TABLE.copyRxCyclesPerByte.source).toContain('LKML 2002');
    expect(COST_TABLE.maxInterruptsPerSecond.source).toContain('8254x');
    expect(COST_TABLE.descriptorBytes.basis).toBe('verified');
    expect(COST_TABLE.pciOutstandingReads.basis).toBe('verified');
    expect(COST_TABLE.memoryBusSustainedFraction.source).toContain('E7501');
    expect(COST_TABLE.pciMaxWriteBurstBytes.basis).toBe('estimate');
    expect(COST_TABLE.pciReadLatencyNs.basis).toBe('estimate');
  });
});

describe('resolveCosts', () => {
  it('returns the defaults without overrides', () => {
    expect(resolveCosts()).toEqual(DESIGN_DEFAULTS);
    expect(resolveCosts({})).toEqual(DESIGN_DEFAULTS);
  });

  it('applies overrides and keeps the rest', () => {
    const costs = resolveCosts({ txPerPacketCycles: 1234, pciMmrbcBytes: 4096 });
    expect(costs.txPerPacketCycles).toBe(1234);
    expect(costs.pciMmrbcBytes).toBe(4096);
    expect(costs.rxPerPacketCycles).toBe(6000);
  });

  it('rejects unknown keys and out-of-range values instead of ignoring them', () => {
    expect(() => resolveCosts({ nope: 1 } as unknown as Record<CostKey, number>)).toThrow(
      'costs.nope: unknown cost parameter',
    );
    expect(() => resolveCosts({ txPerPacketCycles: -5 })).toThrow(
      'costs.txPerPacketCycles: must be a number from 0 to 1000000 (got -5)',
    );
    expect(() => resolveCosts({ copyTxCyclesPerByte: Number.NaN })).toThrow(RangeError);
    expect(() => resolveCosts({ pciOutstandingReads: 1.5 })).toThrow(
      'costs.pciOutstandingReads: must be an integer from 1 to 32 (got 1.5)',
    );
  });

  it('does not share state between calls', () => {
    resolveCosts({ txPerPacketCycles: 1 });
    expect(resolveCosts().txPerPacketCycles).toBe(5000);
  });
});

describe('busSpec (PCI-SIG grades, 64-bit)', () => {
  it('gives each grade its transfer rate, base clock and peak', () => {
    const grades = (['pci-66', 'pcix-133', 'pcix-266', 'pcix-533'] as const).map((kind) => {
      const s = busSpec(kind);
      return [kind, s.transfersPerUs, s.baseClockMhz, s.bytesPerTransfer, s.peakMBps];
    });
    expect(grades).toEqual([
      ['pci-66', 200 / 3, 200 / 3, 8, 1600 / 3],
      ['pcix-133', 400 / 3, 400 / 3, 8, 3200 / 3],
      ['pcix-266', 800 / 3, 400 / 3, 8, 6400 / 3],
      ['pcix-533', 1600 / 3, 400 / 3, 8, 12800 / 3],
    ]);
  });

  it('matches the marketed 533 / 1066 / 2132 / 4264 MB/s within 0.1 %', () => {
    const marketed = { 'pci-66': 533, 'pcix-133': 1066, 'pcix-266': 2132, 'pcix-533': 4264 };
    for (const [kind, mbps] of Object.entries(marketed)) {
      const peak = busSpec(kind as keyof typeof marketed).peakMBps;
      expect(Math.abs(peak - mbps) / mbps).toBeLessThan(0.001);
    }
  });

  it('runs PCI-X 2.0 overhead at the 133 MHz base clock: 7.5 ns per clock', () => {
    expect(1000 / busSpec('pcix-533').baseClockMhz).toBeCloseTo(7.5, 12);
    expect(1000 / busSpec('pcix-533').transfersPerUs).toBeCloseTo(1.875, 12);
  });
});
