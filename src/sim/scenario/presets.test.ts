import { describe, expect, it } from 'vitest';
import { PRESETS, getPreset } from './presets.ts';
import { formatScenarioErrors, parseScenario, type Scenario } from './schema.ts';

function parsed(id: string): Scenario {
  const preset = getPreset(id);
  if (preset === undefined) throw new Error(`no preset ${id}`);
  const result = parseScenario(preset.scenario);
  if (!result.ok) throw new Error(`${id}: ${formatScenarioErrors(result.errors)}`);
  return result.scenario;
}

describe('presets', () => {
  it.each(PRESETS.map((preset) => [preset.id, preset] as const))('%s validates', (_id, preset) => {
    const result = parseScenario(preset.scenario);
    expect(result.ok ? [] : formatScenarioErrors(result.errors)).toEqual([]);
    expect(preset.title.length).toBeGreaterThan(0);
    expect(preset.description.length).toBeGreaterThan(0);
  });

  it('ids are unique and safe as file names', () => {
    const ids = PRESETS.map((preset) => preset.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });

  it('includes the presets the issues name', () => {
    for (const id of [
      '4x1g-bulk-send',
      '1x1g-bulk-send',
      '1x1g-bidirectional',
      '4x1g-bulk-receive',
      '1x1g-jumbo',
      '1x10g-full-toe',
      '1x1g-loss',
      '1x1g-gratuitous-arp',
    ]) {
      expect(getPreset(id), id).toBeDefined();
    }
    expect(getPreset('no-such-preset')).toBeUndefined();
  });

  it('4x1g-bulk-send is the benchmark setup', () => {
    const scenario = parsed('4x1g-bulk-send');
    expect(getPreset('4x1g-bulk-send')?.title).toBe(
      '4 ports × 1 GbE bulk-send, one connection each, 2 s',
    );
    expect(scenario).toMatchObject({
      architecture: 'host-stack',
      durationMs: 2000,
      bus: { kind: 'pcix-133' },
      nic: { ports: 4, portSpeedMbps: 1000 },
      link: { mtu: 1500 },
      workload: { kind: 'bulk-send', connectionsPerPort: 1 },
    });
  });

  it('the named variations set what their names say', () => {
    expect(parsed('1x1g-jumbo').link.mtu).toBe(9000);
    expect(parsed('1x1g-bidirectional').workload.kind).toBe('bidirectional');
    expect(parsed('4x1g-bulk-receive')).toMatchObject({
      nic: { ports: 4 },
      workload: { kind: 'bulk-receive' },
    });
    expect(parsed('1x10g-full-toe')).toMatchObject({
      architecture: 'full-toe',
      bus: { kind: 'pcix-133' },
      nic: { ports: 1, portSpeedMbps: 10_000 },
    });
    const loss = parsed('1x1g-loss');
    expect(loss.link.lossRate).toBe(0.001);
    expect(loss.events.map((event) => event.kind)).toEqual(['drop-frames']);
    const arp = parsed('1x1g-gratuitous-arp');
    expect(arp).toMatchObject({ architecture: 'full-toe', sync: { strategy: 'snapshot' } });
    expect(arp.events).toEqual([
      { atMs: 1000, kind: 'gratuitous-arp', port: 0, newMac: '02:00:00:00:10:99' },
    ]);
  });
});
