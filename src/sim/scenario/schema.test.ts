import { describe, expect, it } from 'vitest';
import { COST_KEYS, COST_TABLE, resolveCosts } from '../costs/cost-table.ts';
import {
  ARCHITECTURES,
  BUS_KINDS,
  FILTER_POLICIES,
  SYNC_STRATEGIES,
  WORKLOAD_KINDS,
  defaultScenario,
  formatScenarioErrors,
  parseScenario,
  type Scenario,
} from './schema.ts';

/** The DESIGN.md §6 example, verbatim apart from its comments. */
const DESIGN_EXAMPLE = {
  version: 1,
  name: '4-port bulk send',
  seed: 1,
  durationMs: 2000,
  architecture: 'host-stack',
  host: { cpuGhz: 2.4, cpus: 1, memoryBusGBps: 4.26 },
  bus: { kind: 'pcix-133' },
  nic: {
    ports: 4,
    portSpeedMbps: 1000,
    cardMemoryMB: 64,
    maxOffloadedConnections: 1024,
    engineMhz: 500,
    filterSlots: 16,
    flowControl: false,
  },
  link: { mtu: 1500, rttUs: 100, lossRate: 0 },
  tcp: {
    profile: 'linux-2.4',
    congestion: 'newreno',
    timestamps: true,
    sack: true,
    windowScaling: true,
    delayedAck: true,
    nagle: true,
    sendBufferKB: 256,
    recvBufferKB: 256,
  },
  workload: {
    kind: 'bulk-send',
    connectionsPerPort: 1,
    messageBytes: 65536,
    bytesPerConnection: null,
  },
  sync: { strategy: 'push', pollIntervalMs: 100 },
  filter: { policy: 'bypass', rules: [] },
  events: [
    { atMs: 500, kind: 'drop-frames', port: 0, direction: 'tx', match: 'data', count: 1 },
    { atMs: 1000, kind: 'gratuitous-arp', port: 0, newMac: '02:00:00:00:10:99' },
    { atMs: 1200, kind: 'route-change', port: 0, toPort: 1 },
    { atMs: 1500, kind: 'link-down', port: 2, forMs: 200 },
    { atMs: 1700, kind: 'pmtu', port: 0, mtu: 1200 },
  ],
};

/** The example with the fields added since DESIGN.md §6 was written, at their defaults. */
const DESIGN_EXAMPLE_FILLED = {
  ...DESIGN_EXAMPLE,
  nic: { profile: 'ne-4port', ...DESIGN_EXAMPLE.nic },
  workload: {
    ...DESIGN_EXAMPLE.workload,
    requestBytes: 1,
    responseBytes: 1,
    receiveBufferPosted: true,
    direction: 'send',
    rateMbps: null,
    udpChecksum: true,
  },
  costs: {},
};

/** Parses and expects failure; returns the formatted messages. */
function errorsOf(input: unknown): string[] {
  const result = parseScenario(input);
  if (result.ok) throw new Error(`expected errors for ${JSON.stringify(input)}`);
  return formatScenarioErrors(result.errors).split('\n');
}

function valid(input: unknown): Scenario {
  const result = parseScenario(input);
  if (!result.ok) throw new Error(formatScenarioErrors(result.errors));
  return result.scenario;
}

describe('defaults', () => {
  it('fills { version: 1 } with the DESIGN.md §6 example values', () => {
    const scenario = valid({ version: 1 });
    // The example differs from the defaults only in its name and its events.
    expect({ ...scenario, name: DESIGN_EXAMPLE.name, events: DESIGN_EXAMPLE.events }).toEqual(
      DESIGN_EXAMPLE_FILLED,
    );
    expect(scenario.events).toEqual([]);
    expect(scenario.name).toBe('Untitled scenario');
    expect(defaultScenario()).toEqual(scenario);
  });

  it('fills a partly given section and leaves the rest at defaults', () => {
    const scenario = valid({ version: 1, nic: { ports: 2 }, tcp: { sack: false } });
    expect(scenario.nic).toMatchObject({ ports: 2, portSpeedMbps: 1000, filterSlots: 16 });
    expect(scenario.tcp).toMatchObject({ sack: false, timestamps: true, profile: 'linux-2.4' });
  });

  it('fills tcp.congestion per profile (linux: cubic, linux-2.4: newreno) and keeps a choice', () => {
    expect(valid({ version: 1, tcp: { profile: 'linux' } }).tcp.congestion).toBe('cubic');
    expect(valid({ version: 1 }).tcp.congestion).toBe('newreno');
    const reno = valid({ version: 1, tcp: { profile: 'linux', congestion: 'newreno' } });
    expect(reno.tcp.congestion).toBe('newreno');
  });

  it('refuses tcp.congestion cubic with profile linux-2.4, naming the field', () => {
    expect(errorsOf({ version: 1, tcp: { congestion: 'cubic' } })).toEqual([
      'tcp.congestion: must be newreno with profile linux-2.4 (CUBIC came with Linux 2.6.13) (got "cubic")',
    ]);
    expect(errorsOf({ version: 1, tcp: { congestion: 'bbr' } })).toEqual([
      'tcp.congestion: must be one of newreno, cubic (got "bbr")',
    ]);
  });

  it('fills event and filter-rule defaults', () => {
    const scenario = valid({
      version: 1,
      events: [{ kind: 'drop-frames', atMs: 1, port: 0 }],
      filter: { rules: [{ action: 'drop', dstPort: 80 }] },
    });
    expect(scenario.events[0]).toEqual({
      kind: 'drop-frames',
      atMs: 1,
      port: 0,
      direction: 'tx',
      match: 'any',
      count: 1,
    });
    expect(scenario.filter.rules[0]).toEqual({ action: 'drop', direction: 'any', dstPort: 80 });
  });

  it('exports the enums the UI builds menus from', () => {
    expect(ARCHITECTURES).toContain('rx-direct-placement');
    expect(BUS_KINDS).toEqual(['pci-66', 'pcix-133', 'pcix-266', 'pcix-533']);
    expect(WORKLOAD_KINDS).toHaveLength(7);
    expect(WORKLOAD_KINDS).toContain('udp-stream');
    expect(WORKLOAD_KINDS).toContain('udp-rr');
    expect(SYNC_STRATEGIES).toContain('card-arp');
    expect(FILTER_POLICIES).toContain('push-to-card');
  });
});

describe('the DESIGN.md example', () => {
  it('parses unchanged', () => {
    expect(valid(DESIGN_EXAMPLE)).toEqual(DESIGN_EXAMPLE_FILLED);
  });

  it('sorts events by time, keeping file order for equal times', () => {
    const scenario = valid({
      version: 1,
      events: [
        { atMs: 900, kind: 'arp-expire', port: 1 },
        { atMs: 100, kind: 'arp-expire', port: 2 },
        { atMs: 900, kind: 'arp-expire', port: 0 },
        { atMs: 100, kind: 'arp-expire', port: 3 },
      ],
    });
    expect(scenario.events.map((event) => [event.atMs, event.port])).toEqual([
      [100, 2],
      [100, 3],
      [900, 1],
      [900, 0],
    ]);
  });
});

describe('error messages', () => {
  it('out of range names the path, the range and the value', () => {
    expect(errorsOf({ version: 1, nic: { ports: 12 } })).toEqual([
      'nic.ports: must be an integer from 1 to 8 (got 12)',
    ]);
    expect(errorsOf({ version: 1, link: { lossRate: 0.6 } })).toEqual([
      'link.lossRate: must be a number from 0 to 0.5 (got 0.6)',
    ]);
    expect(errorsOf({ version: 1, host: { cpuGhz: 0 } })).toEqual([
      'host.cpuGhz: must be a number from 0.1 to 100 (got 0)',
    ]);
  });

  it('a fraction where an integer belongs', () => {
    expect(errorsOf({ version: 1, link: { mtu: 1500.5 } })).toEqual([
      'link.mtu: must be an integer from 576 to 9216 (got 1500.5)',
    ]);
  });

  it('a wrong type', () => {
    expect(errorsOf({ version: 1, durationMs: '2s', tcp: { sack: 'no' } })).toEqual([
      'durationMs: must be a number from 1 to 3600000 (got "2s")',
      'tcp.sack: must be true or false (got "no")',
    ]);
  });

  it('an unknown field, nested, lists the allowed ones', () => {
    expect(errorsOf({ version: 1, host: { cpuMhz: 2400 } })).toEqual([
      'host.cpuMhz: unknown field (allowed: cpuGhz, cpus, memoryBusGBps)',
    ]);
    expect(errorsOf({ version: 1, colour: 'red' })[0]).toMatch(
      /^colour: unknown field \(allowed: version, name, seed, durationMs, architecture, /,
    );
  });

  it('a bad enum lists the choices', () => {
    expect(errorsOf({ version: 1, architecture: 'toe' })).toEqual([
      'architecture: must be one of host-stack, csum-tso, full-toe, card-window, rx-direct-placement (got "toe")',
    ]);
  });

  it('an event port beyond the NIC', () => {
    expect(
      errorsOf({
        version: 1,
        nic: { ports: 2 },
        events: [
          { atMs: 10, kind: 'arp-expire', port: 0 },
          { atMs: 5, kind: 'route-change', port: 1, toPort: 2 },
          { atMs: 1, kind: 'link-down', port: 3, forMs: 10 },
        ],
      }),
    ).toEqual([
      'events[1].toPort: must be a port from 0 to 1 (nic.ports is 2) (got 2)',
      'events[2].port: must be a port from 0 to 1 (nic.ports is 2) (got 3)',
    ]);
  });

  it('events: unknown kind, missing and malformed fields', () => {
    expect(
      errorsOf({
        version: 1,
        events: [
          { atMs: 1, kind: 'reboot', port: 0 },
          { atMs: 1, kind: 'gratuitous-arp', port: 0, newMac: '02:00:00:00:10' },
          { kind: 'pmtu', port: 0, mtu: 100 },
        ],
      }),
    ).toEqual([
      'events[0].kind: must be one of drop-frames, link-down, gratuitous-arp, route-change, pmtu, arp-expire (got "reboot")',
      'events[1].newMac: must be a MAC address like 02:00:00:00:10:99 (got "02:00:00:00:10")',
      'events[2].atMs: required; must be a number from 0 to 3600000',
      'events[2].mtu: must be an integer from 576 to 9216 (got 100)',
    ]);
  });

  it('filter rules: addresses and ports', () => {
    expect(
      errorsOf({
        version: 1,
        filter: { rules: [{ action: 'drop', srcIp: '10.0.0.0/33', dstPort: 70000 }] },
      }),
    ).toEqual([
      'filter.rules[0].srcIp: must be a dotted IPv4 address, optionally with /prefix (e.g. 10.0.0.0/8) (got "10.0.0.0/33")',
      'filter.rules[0].dstPort: must be an integer from 0 to 65535 (got 70000)',
    ]);
    const rules = valid({
      version: 1,
      filter: { rules: [{ action: 'accept', dstIp: '10.1.0.0/16' }] },
    }).filter.rules;
    expect(rules).toEqual([{ action: 'accept', direction: 'any', dstIp: '10.1.0.0/16' }]);
  });

  it('a missing or wrong version', () => {
    expect(errorsOf({})).toEqual([
      'version: required; must be 1, the only scenario format version this build reads',
    ]);
    expect(errorsOf({ version: 2 })).toEqual([
      'version: must be 1, the only scenario format version this build reads (got 2)',
    ]);
  });

  it('a document that is not an object', () => {
    expect(errorsOf([1, 2])).toEqual(['(scenario): must be an object (got [1,2])']);
    expect(errorsOf(null)).toEqual(['(scenario): must be an object (got null)']);
  });

  it('bytesPerConnection accepts null or a positive integer', () => {
    expect(valid({ version: 1, workload: { bytesPerConnection: 1e6 } }).workload).toMatchObject({
      bytesPerConnection: 1e6,
    });
    expect(errorsOf({ version: 1, workload: { bytesPerConnection: 0 } })).toEqual([
      'workload.bytesPerConnection: must be null (unlimited) or an integer from 1 to 1e15 (got 0)',
    ]);
  });

  it('reports every problem at once', () => {
    expect(
      errorsOf({ version: 1, seed: -1, nic: { ports: 0 }, sync: { strategy: 'gossip' } }),
    ).toHaveLength(3);
  });
});

describe('workload sizes for request-response', () => {
  it('default to 1-byte requests and responses (netperf TCP_RR)', () => {
    expect(valid({ version: 1 }).workload).toMatchObject({ requestBytes: 1, responseBytes: 1 });
    const workload = valid({
      version: 1,
      workload: {
        kind: 'request-response',
        connectionsPerPort: 8,
        requestBytes: 200,
        responseBytes: 4096,
      },
    }).workload;
    expect(workload).toMatchObject({
      connectionsPerPort: 8,
      requestBytes: 200,
      responseBytes: 4096,
    });
  });

  it('are positive integers up to 1e9', () => {
    expect(errorsOf({ version: 1, workload: { requestBytes: 0, responseBytes: 2e9 } })).toEqual([
      'workload.requestBytes: must be an integer from 1 to 1000000000 (got 0)',
      'workload.responseBytes: must be an integer from 1 to 1000000000 (got 2000000000)',
    ]);
  });
});

describe('UDP workloads', () => {
  it('default to 1472-byte datagrams (one per 1500-byte frame), sent as fast as possible', () => {
    const w = valid({ version: 1, workload: { kind: 'udp-stream' } }).workload;
    expect(w).toMatchObject({
      messageBytes: 1472,
      direction: 'send',
      rateMbps: null,
      udpChecksum: true,
    });
    expect(valid({ version: 1 }).workload.messageBytes).toBe(65_536);
    const rr = valid({ version: 1, workload: { kind: 'udp-rr', requestBytes: 64 } }).workload;
    expect(rr).toMatchObject({ requestBytes: 64, responseBytes: 1 });
  });

  it('take a direction, a rate and the checksum switch', () => {
    const w = valid({
      version: 1,
      workload: { kind: 'udp-stream', direction: 'receive', rateMbps: 250, udpChecksum: false },
    }).workload;
    expect(w).toMatchObject({ direction: 'receive', rateMbps: 250, udpChecksum: false });
  });

  it('name the field and the allowed values when a value is wrong', () => {
    expect(
      errorsOf({
        version: 1,
        workload: { kind: 'udp-stream', direction: 'up', rateMbps: 0, udpChecksum: 'no' },
      }),
    ).toEqual([
      'workload.direction: must be one of send, receive (got "up")',
      'workload.rateMbps: must be null (as fast as possible) or a number from 0.001 to 100000 (got 0)',
      'workload.udpChecksum: must be true or false (got "no")',
    ]);
  });

  it('refuse a datagram larger than one IPv4 datagram can carry', () => {
    expect(
      errorsOf({ version: 1, workload: { kind: 'udp-stream', messageBytes: 65_508 } }),
    ).toEqual([
      'workload.messageBytes: must be an integer from 1 to 65507 for udp-stream, the largest UDP payload of one IPv4 datagram (65535 − 20 − 8) (got 65508)',
    ]);
    expect(
      errorsOf({
        version: 1,
        workload: { kind: 'udp-rr', requestBytes: 70_000, responseBytes: 9 },
      }),
    ).toEqual([
      'workload.requestBytes: must be an integer from 1 to 65507 for udp-rr, the largest UDP payload of one IPv4 datagram (65535 − 20 − 8) (got 70000)',
    ]);
    // A TCP workload's messages are byte streams: no such limit.
    expect(valid({ version: 1, workload: { messageBytes: 1e6 } }).workload.messageBytes).toBe(1e6);
  });
});

describe('costs', () => {
  it('defaults to no overrides, which resolve to the cost table', () => {
    const scenario = valid({ version: 1 });
    expect(scenario.costs).toEqual({});
    expect(resolveCosts(scenario.costs).txPerPacketCycles).toBe(5000);
  });

  it('overrides any parameter, leaving the rest at their defaults', () => {
    const scenario = valid({
      version: 1,
      costs: { txPerPacketCycles: 2500, memoryBusSustainedFraction: 0.9, pciMmrbcBytes: 4096 },
    });
    expect(scenario.costs).toEqual({
      txPerPacketCycles: 2500,
      memoryBusSustainedFraction: 0.9,
      pciMmrbcBytes: 4096,
    });
    const costs = resolveCosts(scenario.costs);
    expect(costs.txPerPacketCycles).toBe(2500);
    expect(costs.pciMmrbcBytes).toBe(4096);
    expect(costs.rxPerPacketCycles).toBe(6000);
  });

  it('accepts every parameter at both ends of its range', () => {
    const low = Object.fromEntries(COST_KEYS.map((key) => [key, COST_TABLE[key].min]));
    const high = Object.fromEntries(COST_KEYS.map((key) => [key, COST_TABLE[key].max]));
    expect(valid({ version: 1, costs: low }).costs).toEqual(low);
    expect(valid({ version: 1, costs: high }).costs).toEqual(high);
  });

  it('a value out of range names the parameter and its range', () => {
    expect(errorsOf({ version: 1, costs: { txPerPacketCycles: -5 } })).toEqual([
      'costs.txPerPacketCycles: must be a number from 0 to 1000000 (got -5)',
    ]);
    expect(errorsOf({ version: 1, costs: { memoryBusSustainedFraction: 1.5 } })).toEqual([
      'costs.memoryBusSustainedFraction: must be a number from 0.01 to 1 (got 1.5)',
    ]);
    expect(errorsOf({ version: 1, costs: { copyTxCyclesPerByte: 'fast' } })).toEqual([
      'costs.copyTxCyclesPerByte: must be a number from 0 to 100 (got "fast")',
    ]);
  });

  it('counts must be whole', () => {
    expect(errorsOf({ version: 1, costs: { pciMmrbcBytes: 512.5 } })).toEqual([
      'costs.pciMmrbcBytes: must be an integer from 8 to 65536 (got 512.5)',
    ]);
  });

  it('an unknown parameter lists the allowed ones', () => {
    const [message] = errorsOf({ version: 1, costs: { txPacketCycles: 1 } });
    expect(message).toMatch(
      /^costs\.txPacketCycles: unknown field \(allowed: copyTxCyclesPerByte, copyRxCyclesPerByte, /,
    );
    for (const key of COST_KEYS) expect(message).toContain(key);
  });

  it('must be an object', () => {
    expect(errorsOf({ version: 1, costs: [1] })).toEqual(['costs: must be an object (got [1])']);
  });
});

describe('nic.profile (issue 13)', () => {
  it('fills ports, speed, engine and card memory from the card, and costs from its rows', () => {
    const s = valid({ version: 1, nic: { profile: 'chelsio-t110' } });
    expect(s.nic).toMatchObject({ profile: 'chelsio-t110', ports: 1, portSpeedMbps: 10_000 });
    expect(s.costs).toEqual({});
  });

  it('lets nic.* fields override the card', () => {
    const s = valid({ version: 1, nic: { profile: 'intel-pro10gbe', ports: 2 } });
    expect(s.nic.ports).toBe(2);
    expect(s.nic.portSpeedMbps).toBe(10_000);
  });

  it('refuses an architecture the card cannot do, naming both', () => {
    expect(
      errorsOf({ version: 1, architecture: 'full-toe', nic: { profile: 'intel-82546' } }),
    ).toEqual([
      expect.stringMatching(
        /^architecture: full-toe cannot run on nic\.profile intel-82546 .*no TCP offload engine; it can run host-stack, csum-tso$/,
      ),
    ]);
    expect(
      errorsOf({ version: 1, architecture: 'csum-tso', nic: { profile: 'broadcom-bcm5701' } })[0],
    ).toMatch(/no TCP segmentation offload/);
  });

  it('an unknown profile lists the cards', () => {
    expect(errorsOf({ version: 1, nic: { profile: 'e100' } })[0]).toMatch(
      /nic\.profile: must be one of ne-4port, intel-82546, broadcom-bcm5701, syskonnect-sk9843, alteon-tigon2, intel-pro10gbe, chelsio-t110/,
    );
  });

  it('checks event ports against the card’s ports', () => {
    expect(
      errorsOf({
        version: 1,
        nic: { profile: 'chelsio-t110' },
        events: [{ atMs: 1, kind: 'arp-expire', port: 1 }],
      })[0],
    ).toMatch(/events\[0\]\.port: must be a port from 0 to 0/);
  });
});
