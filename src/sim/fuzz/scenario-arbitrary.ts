import fc from 'fast-check';
import { NIC_PROFILE_IDS, NIC_PROFILES, refusal } from '../nic/profiles/index.ts';
import {
  ARCHITECTURES,
  BUS_KINDS,
  CONGESTION_CONTROLS,
  MAX_UDP_PAYLOAD,
  UDP_DIRECTIONS,
  isUdpWorkload,
  FILTER_POLICIES,
  MAX_PORTS,
  SYNC_STRATEGIES,
  TCP_PROFILES,
  WORKLOAD_KINDS,
  type ScenarioInput,
} from '../scenario/schema.ts';

/**
 * Random valid scenarios (issue 12): every architecture, workload and event kind, lossy
 * links, tiny and huge buffers, cards too small for their connections (fallbacks), filter
 * rules under every policy. Values come from the schema's own lists and ranges, weighted
 * toward the defaults and the edges where bugs live, and each scenario is kept short:
 * its simulated length shrinks with the bits its ports can carry, so a run costs about
 * the same whatever the ports' speed.
 */

export interface ScenarioBudget {
  /** The longest run drawn, ms. */
  maxDurationMs: number;
  /** Wire bits (ports × speed × duration) a run may carry at most; the duration gives way. */
  maxWireBits: number;
  /** Most connections per port. */
  maxConnectionsPerPort: number;
}

/** What `npm test` runs: each scenario a fraction of a second of wall time. */
export const SHORT_BUDGET: ScenarioBudget = {
  maxDurationMs: 30,
  maxWireBits: 4 * 1e9 * 0.02,
  maxConnectionsPerPort: 16,
};

/** A value near the default most of the time, otherwise anywhere in [min, max] (edges likelier). */
function mostly<T>(usual: T, other: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(usual) }, { weight: 2, arbitrary: other });
}

function integer(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
    { weight: 4, arbitrary: fc.integer({ min, max }) },
  );
}

/** A positive number spread over orders of magnitude (log-uniform), rounded to 3 digits. */
function spread(min: number, max: number): fc.Arbitrary<number> {
  return fc
    .double({ min: Math.log(min), max: Math.log(max), noNaN: true })
    .map((x) => Math.min(max, Math.max(min, Number(Math.exp(x).toPrecision(3)))));
}

const speed = mostly(1000, fc.oneof(fc.constantFrom(100, 1000, 10_000), spread(10, 100_000)));
const mtu = mostly(1500, fc.oneof(fc.constantFrom(576, 1500, 9000, 9216), integer(576, 9216)));
const bufferKB = mostly(256, fc.oneof(fc.constantFrom(1, 4, 16, 64, 65_536), integer(1, 65_536)));

const host = fc.record(
  {
    cpuGhz: mostly(2.4, spread(0.1, 100)),
    cpus: mostly(1, integer(1, 8)),
    memoryBusGBps: mostly(4.26, spread(0.1, 1000)),
  },
  { requiredKeys: [] },
);

const nic = fc.record({
  // A card of the day now and then: its values, the fields below overriding them.
  profile: mostly('ne-4port', fc.constantFrom(...NIC_PROFILE_IDS)),
  ports: integer(1, MAX_PORTS),
  portSpeedMbps: speed,
  // Small cards and tables make connections fall back to the host stack.
  cardMemoryMB: mostly(64, fc.oneof(fc.constantFrom(0, 0.25, 1), spread(0.01, 65_536))),
  maxOffloadedConnections: mostly(1024, integer(0, 8)),
  engineMhz: mostly(500, spread(1, 100_000)),
  filterSlots: mostly(16, integer(0, 4)),
  flowControl: fc.boolean(),
});

const link = fc.record(
  {
    mtu,
    rttUs: mostly(100, spread(1, 100_000)),
    lossRate: mostly(0, fc.oneof(fc.constantFrom(0.5), spread(0.0001, 0.5))),
  },
  { requiredKeys: [] },
);

const tcp = fc.record(
  {
    profile: fc.constantFrom(...TCP_PROFILES),
    congestion: fc.option(fc.constantFrom(...CONGESTION_CONTROLS), { nil: undefined }),
    timestamps: fc.boolean(),
    sack: fc.boolean(),
    windowScaling: fc.boolean(),
    delayedAck: fc.boolean(),
    nagle: fc.boolean(),
    sendBufferKB: bufferKB,
    recvBufferKB: bufferKB,
  },
  { requiredKeys: [] },
);

/** As `spread`, for integer fields. */
function spreadInt(min: number, max: number): fc.Arbitrary<number> {
  return spread(min, max).map((x) => Math.round(x));
}

const bytes = mostly(65_536, fc.oneof(fc.constantFrom(1, 1448, 1449), spreadInt(1, 4_000_000)));
const smallBytes = mostly(1, fc.oneof(fc.constantFrom(1448, 65_536), spreadInt(1, 200_000)));

function workload(maxConnections: number) {
  return fc.record(
    {
      kind: fc.constantFrom(...WORKLOAD_KINDS),
      connectionsPerPort: mostly(1, integer(1, maxConnections)),
      messageBytes: bytes,
      requestBytes: smallBytes,
      responseBytes: smallBytes,
      bytesPerConnection: mostly(null, fc.oneof(fc.constantFrom(1), spreadInt(1, 10_000_000))),
      receiveBufferPosted: fc.boolean(),
      direction: fc.constantFrom(...UDP_DIRECTIONS),
      rateMbps: mostly(null, fc.oneof(fc.constantFrom(0.001, 100_000), spread(0.001, 100_000))),
      udpChecksum: fc.boolean(),
    },
    { requiredKeys: ['kind'] },
  );
}

const sync = fc.record(
  {
    strategy: fc.constantFrom(...SYNC_STRATEGIES),
    pollIntervalMs: mostly(100, spread(0.001, 100)),
  },
  { requiredKeys: [] },
);

const ADDRESSES = ['10.0.0.2', '10.0.0.1', '10.0.1.0/24', '10.0.0.0/8', '0.0.0.0/0', '10.0.0.2/32'];
const rule = fc.record(
  {
    action: fc.constantFrom('drop', 'accept'),
    direction: fc.constantFrom('in', 'out', 'any'),
    protocol: fc.constant('tcp'),
    srcIp: fc.constantFrom(...ADDRESSES),
    dstIp: fc.constantFrom(...ADDRESSES),
    srcPort: fc.constantFrom(5001, 5002, 0, 65_535),
    dstPort: fc.constantFrom(5001, 5002, 0, 65_535),
  },
  { requiredKeys: ['action'] },
);
const filter = fc.record({
  policy: fc.constantFrom(...FILTER_POLICIES),
  rules: fc.array(rule, { maxLength: 3 }),
});

/** An event of any kind at a fraction of the run, on a port drawn as a fraction of the NIC's. */
const event = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  port: fc.nat(MAX_PORTS - 1),
  toPort: fc.nat(MAX_PORTS - 1),
  which: fc.nat(5),
  direction: fc.constantFrom('tx', 'rx'),
  match: fc.constantFrom('data', 'ack', 'syn', 'any'),
  count: mostly(1, integer(1, 1000)),
  forFraction: fc.double({ min: 0.001, max: 2, noNaN: true }),
  mtu: integer(576, 9216),
});
type RawEvent = typeof event extends fc.Arbitrary<infer E> ? E : never;

function eventAt(raw: RawEvent, durationMs: number, ports: number): Record<string, unknown> {
  const atMs = Number((raw.at * durationMs).toPrecision(4));
  const port = raw.port % ports;
  const base = { atMs, port };
  switch (raw.which) {
    case 0:
      return {
        ...base,
        kind: 'drop-frames',
        direction: raw.direction,
        match: raw.match,
        count: raw.count,
      };
    case 1:
      return {
        ...base,
        kind: 'link-down',
        forMs: Math.max(0.001, Number((raw.forFraction * durationMs).toPrecision(3))),
      };
    case 2:
      return { ...base, kind: 'gratuitous-arp', newMac: '02:00:00:00:10:99' };
    case 3:
      return { ...base, kind: 'route-change', toPort: raw.toPort % ports };
    case 4:
      return { ...base, kind: 'pmtu', mtu: raw.mtu };
    default:
      return { ...base, kind: 'arp-expire' };
  }
}

/** UDP's messages fit one datagram (at most 65,507 bytes: the schema refuses more). */
function udpSized<
  W extends { messageBytes?: number; requestBytes?: number; responseBytes?: number },
>(w: W): W {
  const fit = (n: number | undefined) => (n === undefined ? n : Math.min(n, MAX_UDP_PAYLOAD));
  const out = { ...w };
  for (const key of ['messageBytes', 'requestBytes', 'responseBytes'] as const) {
    if (out[key] !== undefined) out[key] = fit(out[key]);
  }
  return out;
}

/** Scenario files as a user might write them: `{ "version": 1, … }` with some sections. */
export function scenarioArbitrary(
  budget: ScenarioBudget = SHORT_BUDGET,
): fc.Arbitrary<ScenarioInput> {
  return fc
    .record({
      seed: fc.nat(1_000_000),
      durationMs: fc.double({ min: 1, max: budget.maxDurationMs, noNaN: true }),
      architecture: fc.constantFrom(...ARCHITECTURES),
      host: fc.option(host, { nil: undefined }),
      bus: fc.option(fc.record({ kind: fc.constantFrom(...BUS_KINDS) }), { nil: undefined }),
      nic,
      link: fc.option(link, { nil: undefined }),
      tcp: fc.option(tcp, { nil: undefined }),
      workload: workload(budget.maxConnectionsPerPort),
      sync: fc.option(sync, { nil: undefined }),
      filter: fc.option(filter, { nil: undefined }),
      events: fc.array(event, { maxLength: 4 }),
    })
    .map((raw) => {
      const { nic: card, events, ...rest } = raw;
      // The run gives way to fast, wide NICs: the wire carries at most the budget's bits.
      const wireBitsPerMs = card.ports * card.portSpeedMbps * 1e3;
      const durationMs = Math.max(
        1,
        Number(Math.min(raw.durationMs, budget.maxWireBits / wireBitsPerMs).toPrecision(3)),
      );
      const input: Record<string, unknown> = { version: 1, ...rest, durationMs, nic: card };
      // Every application fills its send buffer with one write per message at once, and
      // the local host queues each as a CPU job: 4-byte messages into 256 KB buffers on
      // 256 connections are 16.7 M jobs and run out of memory (a known limit: the model's
      // application issues all its writes at once, reported with issue 12). So all the
      // writes that can wait at once stay below 2^20.
      const buffer = (rest.tcp?.sendBufferKB ?? 256) * 1024;
      const w0 = rest.workload;
      const flows =
        card.ports * (w0.connectionsPerPort ?? 1) * (w0.kind === 'bidirectional' ? 2 : 1);
      const floor = Math.ceil((buffer * flows) / 2 ** 20);
      const w = rest.workload;
      input.workload = isUdpWorkload(w.kind)
        ? udpSized(w)
        : { ...w, messageBytes: Math.max(w.messageBytes ?? 65_536, floor) };
      // cubic is refused with linux-2.4 (it came with 2.6.13): the schema says so.
      if (rest.tcp?.profile !== 'linux' && rest.tcp?.congestion === 'cubic') {
        input.tcp = { ...rest.tcp, congestion: 'newreno' };
      }
      // A card that cannot run the architecture is refused: run one it can.
      const profile = NIC_PROFILES[card.profile];
      if (refusal(profile, raw.architecture) !== null) input.architecture = 'host-stack';
      for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
      input.events = events.map((e) => eventAt(e, durationMs, card.ports));
      return input as ScenarioInput;
    });
}
