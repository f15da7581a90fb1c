import { describe, expect, it } from 'vitest';
import { getPreset, type ScenarioInput } from '../../protocol/scenario.ts';
import { DEFAULT_COMPARE } from '../compare/compare-slice.ts';
import { DEFAULT_SWEEP } from '../sweep/sweep-slice.ts';
import { decodeLink, encodeLink, scenarioFields, type LinkSource } from './url-state.ts';

const FALLBACKS = { compare: DEFAULT_COMPARE, sweep: DEFAULT_SWEEP };
const DEFAULTS = { presetId: '4x1g-bulk-send' };

function source(over: Partial<LinkSource> = {}): LinkSource {
  return {
    input: getPreset('4x1g-bulk-send')!.scenario,
    presetId: '4x1g-bulk-send',
    view: 'lab',
    speed: 1,
    connection: 0,
    compare: DEFAULT_COMPARE,
    sweep: DEFAULT_SWEEP,
    story: null,
    ...over,
  };
}

const edited: ScenarioInput = {
  version: 1,
  name: 'two ports, 1.2 GHz',
  seed: 7,
  architecture: 'full-toe',
  host: { cpuGhz: 1.2 },
  nic: { ports: 2 },
  workload: { kind: 'bulk-receive', bytesPerConnection: null },
  sync: { strategy: 'poll', pollIntervalMs: 50 },
  events: [{ kind: 'gratuitous-arp', atMs: 300, port: 1, newMac: '02:00:00:00:10:99' }],
};

describe('links', () => {
  it('the default lab is the bare address', () => {
    expect(encodeLink(source(), DEFAULTS)).toBe('');
    const { state, problems } = decodeLink('', FALLBACKS);
    expect(problems).toEqual([]);
    expect(state.input).toBeNull();
    expect(state.view).toBe('lab');
  });

  it('another preset is named, not spelled out', () => {
    const input = getPreset('1x1g-bulk-send')!.scenario;
    const query = encodeLink(source({ input, presetId: '1x1g-bulk-send' }), DEFAULTS);
    expect(query).toBe('preset=1x1g-bulk-send');
    const { state } = decodeLink(query, FALLBACKS);
    expect(state.input).toEqual(input);
    expect(state.presetId).toBe('1x1g-bulk-send');
  });

  it('an edited scenario and the compare view come back exactly', () => {
    const compare = {
      ...DEFAULT_COMPARE,
      architectures: ['full-toe', 'card-window'] as const,
      baseline: 'card-window' as const,
    };
    const query = encodeLink(
      source({
        input: edited,
        presetId: null,
        view: 'compare',
        compare: { ...compare, architectures: [...compare.architectures] },
      }),
      DEFAULTS,
    );
    expect(query).toContain('nic.ports=2');
    expect(query).toContain('view=compare');
    const { state, problems } = decodeLink(query, FALLBACKS);
    expect(problems).toEqual([]);
    expect(state.input).toEqual(edited);
    expect(state.presetId).toBeNull();
    expect(state.compare).toEqual({
      ...DEFAULT_COMPARE,
      architectures: ['full-toe', 'card-window'],
      baseline: 'card-window',
    });
  });

  it('a comparison of cards comes back (cards=…), and a bad card list is named', () => {
    const compare = {
      ...DEFAULT_COMPARE,
      by: 'card' as const,
      profiles: ['intel-82546' as const, 'alteon-tigon2' as const, 'chelsio-t110' as const],
      baseline: 'alteon-tigon2',
    };
    const query = encodeLink(source({ view: 'compare', compare }), DEFAULTS);
    expect(query).toContain('cards=intel-82546%2Calteon-tigon2%2Cchelsio-t110');
    expect(decodeLink(query, FALLBACKS).state.compare).toEqual(compare);
    const bad = decodeLink('view=compare&cards=e100,intel-82546', FALLBACKS);
    expect(bad.problems[0]?.message).toMatch(
      /^cards: must be 1 to 5 different NIC profiles from ne-4port, /,
    );
  });

  it('sweep settings and speed round-trip', () => {
    const sweep = {
      parameter: 'bus.kind',
      values: ['pci-66', 'pcix-533'],
      architectures: ['full-toe' as const],
      durationMs: 400,
    };
    const q1 = encodeLink(source({ view: 'sweep', sweep }), DEFAULTS);
    expect(decodeLink(q1, FALLBACKS).state.sweep).toEqual(sweep);
    expect(q1).toContain('ms=400');
    expect(decodeLink('view=sweep&ms=0', FALLBACKS).problems[0]!.field).toBe('ms');
    const q2 = encodeLink(source({ speed: 'max', connection: 3 }), DEFAULTS);
    expect(q2).toBe('speed=max&conn=3');
    expect(decodeLink(q2, FALLBACKS).state).toMatchObject({ speed: 'max', connection: 3 });
    expect(decodeLink('conn=-1', FALLBACKS).problems[0]!.field).toBe('conn');
  });

  it('a bad field falls back on its own and is named; the rest applies', () => {
    const { state, problems } = decodeLink(
      '?architecture=full-toe&nic.ports=99&host.cpuGhz=1.2&link.mtu=abc',
      FALLBACKS,
    );
    expect(state.input).toEqual({ version: 1, architecture: 'full-toe', host: { cpuGhz: 1.2 } });
    expect(problems.map((p) => p.field)).toEqual(['nic.ports', 'link.mtu']);
    expect(problems[0]!.message).toMatch(/nic\.ports: must be an integer from 1 to 8.*99.*default/);
    expect(problems[1]!.message).toMatch(/link\.mtu/);
  });

  it('unknown fields, bad JSON, bad views and lists are each reported', () => {
    const { state, problems } = decodeLink(
      '?nic.colour=red&events=[oops&view=graphs&speed=3&compare=host-stack,toe&baseline=x',
      FALLBACKS,
    );
    expect(problems.map((p) => p.field).sort()).toEqual(
      ['baseline', 'compare', 'events', 'nic.colour', 'speed', 'view'].sort(),
    );
    expect(state.view).toBe('lab');
    expect(state.speed).toBeNull();
    expect(state.compare).toEqual(DEFAULT_COMPARE);
    expect(state.input).toEqual({ version: 1 });
    const colour = problems.find((p) => p.field === 'nic.colour')!;
    expect(colour.message).toMatch(/colour/);
  });

  it('a field nested 100,000 levels deep is named and falls back, without overflowing', () => {
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    const { state, problems } = decodeLink(
      `?nic.ports=${encodeURIComponent(deep)}&host.cpus=2`,
      FALLBACKS,
    );
    expect(state.input).toEqual({ version: 1, host: { cpus: 2 } });
    expect(problems.map((p) => p.field)).toEqual(['nic.ports']);
    expect(problems[0]!.message).toMatch(
      /^nic\.ports: must be an integer from 1 to 8 \(got \[\[\[/,
    );
  });

  it('events are checked against the link’s own port count', () => {
    const events = encodeURIComponent(
      JSON.stringify([{ kind: 'link-down', atMs: 5, port: 1, forMs: 10 }]),
    );
    expect(decodeLink(`?events=${events}&nic.ports=2`, FALLBACKS).problems).toEqual([]);
    const { problems } = decodeLink(`?events=${events}&nic.ports=1`, FALLBACKS);
    expect(problems[0]!.message).toMatch(/events\[0\]\.port.*nic\.ports is 1/);
  });

  it('a name that looks like a number stays text', () => {
    const { state, problems } = decodeLink('?name=2002', FALLBACKS);
    expect(problems).toEqual([]);
    expect(state.input).toEqual({ version: 1, name: '2002' });
  });

  it('every field of every preset survives the trip', () => {
    for (const id of ['1x1g-bulk-send', '4x1g-bulk-send']) {
      const input = getPreset(id)!.scenario;
      const query = new URLSearchParams(scenarioFields(input)).toString();
      expect(decodeLink(query, FALLBACKS).state.input).toEqual(input);
    }
  });
});
