import { describe, expect, it } from 'vitest';
import { ms } from './core/time.ts';
import { getPreset } from './scenario/presets.ts';
import { parseScenario, type Scenario } from './scenario/schema.ts';
import { Simulation } from './session.ts';
import { formatMac } from './wire/address.ts';
import { peerIp } from './world/addresses.ts';

const NEW_MAC = '02:00:00:00:10:99';

function fourPorts(architecture: Scenario['architecture']): Scenario {
  const parsed = parseScenario({
    ...getPreset('4x1g-bulk-send')!.scenario,
    architecture,
    sync: { strategy: 'snapshot' },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

function fireGratuitousArp(sim: Simulation): void {
  sim.fire({ atMs: 0, kind: 'gratuitous-arp', port: 0, newMac: NEW_MAC });
  sim.advanceTo(sim.now + ms(5));
}

describe('ARP tables after a gratuitous ARP (what the live lab shows)', () => {
  it('host-stack: the host learns the new MAC; there is no card table', () => {
    const sim = new Simulation(fourPorts('host-stack'));
    sim.advanceTo(ms(20));
    fireGratuitousArp(sim);
    const tables = sim.arpTables();
    expect(tables.shadow).toBe(false);
    expect(tables.card).toBeNull();
    expect(tables.host.find((e) => e.port === 0)?.mac).toBe(NEW_MAC);
  });

  it('full-toe: the card keeps the old MAC (it learns only from ARP replies)', () => {
    const sim = new Simulation(fourPorts('full-toe'));
    sim.advanceTo(ms(20));
    const card = sim.world.architecture.cardNeighbours!(0);
    const oldMac = formatMac(card.lookup(peerIp(0))!.mac);
    fireGratuitousArp(sim);
    expect(formatMac(card.lookup(peerIp(0))!.mac)).toBe(oldMac);
    expect(sim.arpTables().card?.find((e) => e.port === 0)?.mac).toBe(oldMac);
  });

  // The card copied the host's entry when the connection was offloaded (snapshot) and
  // never updates it: the host learns the new MAC from the gratuitous ARP request.
  it('full-toe + snapshot: the card entry turns stale against the host', () => {
    const sim = new Simulation(fourPorts('full-toe'));
    sim.advanceTo(ms(20));
    fireGratuitousArp(sim);
    expect(sim.arpTables().card?.find((e) => e.port === 0)?.status).toBe('stale');
  });
});
