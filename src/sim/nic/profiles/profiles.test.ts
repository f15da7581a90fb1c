import { describe, expect, it } from 'vitest';
import { COST_TABLE, resolveCosts, type CostKey } from '../../costs/cost-table.ts';
import type { Results } from '../../metrics/results.ts';
import { runScenario } from '../../run.ts';
import { scenarioOf } from '../../testing.ts';
import {
  NIC_PROFILE_IDS,
  NIC_PROFILES,
  architecturesOf,
  profileCosts,
  type Sourced,
} from './index.ts';

function sourcedValues(id: (typeof NIC_PROFILE_IDS)[number]): [string, Sourced<unknown>][] {
  const p = NIC_PROFILES[id];
  return [
    ['busInterface', p.busInterface],
    ['ports', p.ports],
    ['portSpeedMbps', p.portSpeedMbps],
    ['portsPerChip', p.portsPerChip],
    ['bridge', p.bridge],
    ['engineMhz', p.engineMhz],
    ['cardMemoryMB', p.cardMemoryMB],
    ['interruptScheme', p.interruptScheme],
    ...Object.entries(p.capabilities),
    ...Object.entries(p.costs).map(([k, v]): [string, Sourced<unknown>] => [`costs.${k}`, v!]),
  ];
}

function goodput(r: Results): number {
  return r.ports.reduce((n, p) => n + p.txGoodputMbps + p.rxGoodputMbps, 0);
}

describe('NIC profiles (issue 13)', () => {
  it.each(NIC_PROFILE_IDS)('%s: every value has a source, and its cost rows are in range', (id) => {
    const profile = NIC_PROFILES[id];
    expect(profile.id).toBe(id);
    for (const [field, v] of sourcedValues(id)) expect(v.source.length, field).toBeGreaterThan(8);
    expect(() => resolveCosts(profileCosts(profile))).not.toThrow();
  });

  it('marks a value unconfirmed only when it is the card under design’s own default', () => {
    for (const id of NIC_PROFILE_IDS) {
      for (const [key, v] of Object.entries(NIC_PROFILES[id].costs)) {
        if (v?.basis === 'unconfirmed') {
          expect([id, key, v.value]).toEqual([id, key, COST_TABLE[key as CostKey].default]);
        }
      }
    }
  });

  it('only the card under design runs every architecture', () => {
    expect(architecturesOf(NIC_PROFILES['ne-4port'])).toHaveLength(5);
    expect(architecturesOf(NIC_PROFILES['intel-82546'])).toEqual(['host-stack', 'csum-tso']);
    expect(architecturesOf(NIC_PROFILES['chelsio-t110'])).toEqual([
      'host-stack',
      'csum-tso',
      'full-toe',
    ]);
    expect(architecturesOf(NIC_PROFILES['alteon-tigon2'])).toEqual(['host-stack']);
  });

  it.each(NIC_PROFILE_IDS)('%s runs host-stack bulk-send and says so in its results', (id) => {
    const r = runScenario(scenarioOf({ durationMs: 80, nic: { profile: id, ports: 1 } }));
    expect(goodput(r)).toBeGreaterThan(100);
    expect(r.nic!.profile).toMatchObject({
      id,
      overrides: NIC_PROFILES[id].ports.value === 1 ? [] : ['nic.ports'],
    });
    expect(r.connections.every((c) => c.streamIntact)).toBe(true);
  });

  it('a PCI card holds a PCI-X slot at 66 MHz PCI, and results say which grade ran', () => {
    const r = runScenario(
      scenarioOf({ durationMs: 40, bus: { kind: 'pcix-133' }, nic: { profile: 'alteon-tigon2' } }),
    );
    expect(r.scenario.bus.kind).toBe('pcix-133');
    expect(r.bus!.kind).toBe('pci-66');
    expect(r.nic!.profile.busKind).toBe('pci-66');
  });

  it('costs.* override the card’s rows and are listed as overrides', () => {
    const r = runScenario(
      scenarioOf({
        durationMs: 40,
        nic: { profile: 'chelsio-t110' },
        architecture: 'full-toe',
        costs: { pciMmrbcBytes: 4096 },
      }),
    );
    expect(r.nic!.profile.overrides).toEqual(['costs.pciMmrbcBytes']);
  });

  it('ixgb’s receive write-back batching (16 descriptors per burst) cuts bus transactions, not data', () => {
    const run = (batch: number) =>
      runScenario(
        scenarioOf({
          durationMs: 60,
          nic: { profile: 'intel-pro10gbe' },
          workload: { kind: 'bulk-receive' },
          costs: { rxWriteBackBatch: batch },
        }),
        { bottleneckCheck: false },
      );
    const one = run(1);
    const sixteen = run(16);
    // 16 is the card's own setting; one at a time overrides it.
    expect(sixteen.nic!.profile.overrides).toEqual([]);
    expect(one.nic!.profile.overrides).toEqual(['costs.rxWriteBackBatch']);
    expect(sixteen.connections.every((c) => c.streamIntact)).toBe(true);
    // Per delivered byte: the same descriptor bytes, in about a sixteenth of the bursts.
    const perMB = (r: Results) => r.bus!.transactions / (goodput(r) / 8);
    expect(perMB(sixteen)).toBeLessThan(perMB(one) * 0.8);
    expect(goodput(sixteen)).toBeGreaterThan(1000);
  });
});
