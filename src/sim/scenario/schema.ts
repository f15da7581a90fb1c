import { z } from 'zod';
import { COST_TABLE, type CostKey, type CostParameter } from '../costs/cost-table.ts';
import {
  NIC_PROFILE_IDS,
  NIC_PROFILES,
  profileNic,
  refusal,
  type NicProfileId,
} from '../nic/profiles/index.ts';
import {
  fallbackMessage,
  mustBe,
  showNumber,
  showValue,
  toScenarioErrors,
  type ScenarioError,
} from './validate.ts';

export { formatScenarioErrors, type ScenarioError } from './validate.ts';

/**
 * The scenario file, DESIGN.md §6, `version: 1`. Every field but `version` has a
 * default, so `{ "version": 1 }` is a complete scenario; unknown fields are errors.
 * Ranges are wider than real hardware on purpose, so sweeps can ask "what if".
 */

export const ARCHITECTURES = [
  'host-stack',
  'csum-tso',
  'full-toe',
  'card-window',
  'rx-direct-placement',
] as const;
export const BUS_KINDS = ['pci-66', 'pcix-133', 'pcix-266', 'pcix-533'] as const;
export const TCP_PROFILES = ['linux-2.4', 'linux'] as const;
export const CONGESTION_CONTROLS = ['newreno', 'cubic'] as const;
export const WORKLOAD_KINDS = [
  'bulk-send',
  'bulk-receive',
  'bidirectional',
  'request-response',
  'connection-churn',
  'udp-stream',
  'udp-rr',
] as const;
/** udp-stream: which way the datagrams go, seen from the local host. */
export const UDP_DIRECTIONS = ['send', 'receive'] as const;
/** The largest UDP payload one IPv4 datagram carries: 65535 − 20 (IP) − 8 (UDP). */
export const MAX_UDP_PAYLOAD = 65_507;
/** messageBytes when a UDP workload leaves it out: one datagram per 1500-byte frame. */
export const UDP_DEFAULT_MESSAGE_BYTES = 1472;
const TCP_DEFAULT_MESSAGE_BYTES = 65_536;

export function isUdpWorkload(kind: string): boolean {
  return kind === 'udp-stream' || kind === 'udp-rr';
}
export const SYNC_STRATEGIES = ['snapshot', 'poll', 'push', 'card-arp'] as const;
export const FILTER_POLICIES = ['bypass', 'refuse-offload', 'push-to-card'] as const;
export const EVENT_KINDS = [
  'drop-frames',
  'link-down',
  'gratuitous-arp',
  'route-change',
  'pmtu',
  'arp-expire',
] as const;

/** Ports are numbered from 0; `nic.ports` is at most this. */
export const MAX_PORTS = 8;
const MAX_TIME_MS = 3_600_000;

// ---- field helpers: each carries its own wording (see validate.ts) -------------------

function numberIn(min: number, max: number) {
  const error = mustBe(`must be a number from ${showNumber(min)} to ${showNumber(max)}`);
  return z.number({ error }).min(min, { error }).max(max, { error });
}

function integerIn(min: number, max: number, want?: string) {
  const error = mustBe(want ?? `must be an integer from ${showNumber(min)} to ${showNumber(max)}`);
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** A rate that may also be null (unlimited), with one message for both. */
function rateField() {
  const error = mustBe('must be null (as fast as possible) or a number from 0.001 to 100000');
  return z.number({ error }).min(0.001, { error }).max(100_000, { error });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: mustBe(`must be one of ${values.join(', ')}`) });
}

function flag() {
  return z.boolean({ error: mustBe('must be true or false') });
}

/** A strict object whose unknown-field message lists the fields it allows. */
function section<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field (allowed: ${allowed})`
        : mustBe('must be an object')(issue),
  });
}

const IPV4_WITH_PREFIX = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

function isIpv4WithPrefix(text: string): boolean {
  const match = IPV4_WITH_PREFIX.exec(text);
  if (match === null) return false;
  const octetsOk = match.slice(1, 5).every((octet) => Number(octet) <= 255);
  return octetsOk && (match[5] === undefined || Number(match[5]) <= 32);
}

function ipv4Prefix() {
  const error = mustBe('must be a dotted IPv4 address, optionally with /prefix (e.g. 10.0.0.0/8)');
  return z.string({ error }).refine(isIpv4WithPrefix, { error });
}

const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;

// ---- sections ----------------------------------------------------------------------

const HostSchema = section({
  cpuGhz: numberIn(0.1, 100).default(2.4),
  cpus: integerIn(1, 64).default(1),
  memoryBusGBps: numberIn(0.1, 1000).default(4.26),
});

const BusSchema = section({
  kind: oneOf(BUS_KINDS).default('pcix-133'),
});

/**
 * `nic.profile` names the card (issue 13; src/sim/nic/profiles): it sets `ports`,
 * `portSpeedMbps`, `engineMhz` and `cardMemoryMB` when the scenario leaves them out, and
 * cost-table rows the scenario's `costs` do not set. Fields given here override it.
 */
const NicSchema = section({
  profile: oneOf(NIC_PROFILE_IDS).default('ne-4port'),
  ports: integerIn(1, MAX_PORTS).optional(),
  portSpeedMbps: numberIn(10, 100_000).optional(),
  cardMemoryMB: numberIn(0, 65_536).optional(),
  maxOffloadedConnections: integerIn(0, 1_000_000).default(1024),
  engineMhz: numberIn(1, 100_000).optional(),
  filterSlots: integerIn(0, 4096).default(16),
  /** 802.3x PAUSE: the card sends XOFF/XON by its receive FIFO, the peer honours them. */
  flowControl: flag().default(false),
});

const LinkSchema = section({
  mtu: integerIn(576, 9216).default(1500),
  rttUs: numberIn(1, 10_000_000).default(100),
  lossRate: numberIn(0, 0.5).default(0),
});

const TcpSchema = section({
  profile: oneOf(TCP_PROFILES).default('linux-2.4'),
  /** Congestion control; absent: the profile's (cubic in linux, newreno in linux-2.4). */
  congestion: oneOf(CONGESTION_CONTROLS).optional(),
  timestamps: flag().default(true),
  /** On by default in both profiles, as Linux's sysctl_tcp_sack. */
  sack: flag().default(true),
  windowScaling: flag().default(true),
  delayedAck: flag().default(true),
  nagle: flag().default(true),
  sendBufferKB: integerIn(1, 65_536).default(256),
  recvBufferKB: integerIn(1, 65_536).default(256),
});

/** CUBIC arrived in Linux 2.6.13: a 2.4 host has only NewReno. */
const TcpWithCongestion = TcpSchema.superRefine((tcp, ctx) => {
  if (tcp.profile === 'linux-2.4' && tcp.congestion === 'cubic') {
    ctx.addIssue({
      code: 'custom',
      path: ['congestion'],
      message:
        'must be newreno with profile linux-2.4 (CUBIC came with Linux 2.6.13) (got "cubic")',
    });
  }
}).transform((tcp) => ({
  ...tcp,
  congestion: tcp.congestion ?? (tcp.profile === 'linux' ? 'cubic' : 'newreno'),
}));

const WorkloadSchema = section({
  kind: oneOf(WORKLOAD_KINDS).default('bulk-send'),
  connectionsPerPort: integerIn(1, 10_000).default(1),
  /** Bytes per write; per datagram in the UDP workloads. Default 65536, or 1472 for UDP. */
  messageBytes: integerIn(1, 1e9).optional(),
  /** request-response: bytes per request and per response (netperf TCP_RR's 1 and 1). */
  requestBytes: integerIn(1, 1e9).default(1),
  responseBytes: integerIn(1, 1e9).default(1),
  /** `null`: unlimited for the duration. */
  bytesPerConnection: integerIn(1, 1e15, 'must be null (unlimited) or an integer from 1 to 1e15')
    .nullable()
    .default(null),
  /**
   * Whether the receiving application on the host has its user buffer posted before the
   * data arrives (a read already waiting, or an asynchronous read). `false` is the
   * poll-then-read application: nothing is posted when a frame reaches the card, so
   * rx-direct-placement cannot place payload and every frame takes the normal receive path
   * (whole frame to the kernel's ring, CPU copy on read). The application still reads as
   * soon as data is there, so only placement on arrival depends on it: the other
   * architectures run exactly the same (full-toe and card-window hold payload on the card
   * until the read comes, then DMA it to the user buffer).
   */
  receiveBufferPosted: flag().default(true),
  /** udp-stream: `send` — the local host sends, the peers receive; `receive` — the reverse. */
  direction: oneOf(UDP_DIRECTIONS).default('send'),
  /**
   * udp-stream: each flow's offered payload rate, Mbit/s; `null` sends as fast as the
   * socket's send buffer lets it (netperf UDP_STREAM).
   */
  rateMbps: rateField().nullable().default(null),
  /** UDP: false sends the checksum field as zero, "none" (SO_NO_CHECK), as Linux can. */
  udpChecksum: flag().default(true),
});

const SyncSchema = section({
  strategy: oneOf(SYNC_STRATEGIES).default('push'),
  pollIntervalMs: numberIn(0.001, MAX_TIME_MS).default(100),
});

const FilterRuleSchema = section({
  action: oneOf(['drop', 'accept']),
  direction: oneOf(['in', 'out', 'any']).default('any'),
  protocol: oneOf(['tcp']).optional(),
  srcIp: ipv4Prefix().optional(),
  dstIp: ipv4Prefix().optional(),
  srcPort: integerIn(0, 65_535).optional(),
  dstPort: integerIn(0, 65_535).optional(),
});

const FilterSchema = section({
  policy: oneOf(FILTER_POLICIES).default('bypass'),
  rules: z.array(FilterRuleSchema, { error: mustBe('must be a list of rules') }).default([]),
});

/** `costs`: any COST_TABLE parameter, each within its own range (costs/cost-table.ts). */
function costField(parameter: CostParameter) {
  return parameter.integer === true
    ? integerIn(parameter.min, parameter.max)
    : numberIn(parameter.min, parameter.max);
}

const costShape = Object.fromEntries(
  Object.entries(COST_TABLE).map(([key, parameter]) => [key, costField(parameter).optional()]),
) as { [K in CostKey]: z.ZodOptional<ReturnType<typeof costField>> };

const CostsSchema = section(costShape);

// ---- events ------------------------------------------------------------------------

const eventBase = {
  atMs: numberIn(0, MAX_TIME_MS),
  port: integerIn(0, MAX_PORTS - 1),
};

const EventSchema = z.discriminatedUnion(
  'kind',
  [
    section({
      kind: z.literal('drop-frames'),
      ...eventBase,
      direction: oneOf(['tx', 'rx']).default('tx'),
      match: oneOf(['data', 'ack', 'syn', 'any']).default('any'),
      count: integerIn(1, 1_000_000).default(1),
    }),
    section({ kind: z.literal('link-down'), ...eventBase, forMs: numberIn(0.001, MAX_TIME_MS) }),
    section({
      kind: z.literal('gratuitous-arp'),
      ...eventBase,
      newMac: z
        .string({ error: mustBe('must be a MAC address like 02:00:00:00:10:99') })
        .regex(MAC, { error: mustBe('must be a MAC address like 02:00:00:00:10:99') }),
    }),
    section({ kind: z.literal('route-change'), ...eventBase, toPort: eventBase.port }),
    section({ kind: z.literal('pmtu'), ...eventBase, mtu: integerIn(576, 9216) }),
    section({ kind: z.literal('arp-expire'), ...eventBase }),
  ],
  {
    error: (issue) => {
      const value = issue.input;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return mustBe('must be an event object with a "kind"')(issue);
      }
      const kind = (value as { kind?: unknown }).kind;
      return mustBe(`must be one of ${EVENT_KINDS.join(', ')}`)({ input: kind });
    },
  },
);

// ---- the document ------------------------------------------------------------------

const DocumentSchema = section({
  version: z.literal(1, {
    error: mustBe('must be 1, the only scenario format version this build reads'),
  }),
  name: z
    .string({ error: mustBe('must be a string of at most 200 characters') })
    .max(200, { error: mustBe('must be a string of at most 200 characters') })
    .default('Untitled scenario'),
  seed: integerIn(
    0,
    Number.MAX_SAFE_INTEGER,
    `must be a non-negative integer (at most ${Number.MAX_SAFE_INTEGER})`,
  ).default(1),
  durationMs: numberIn(1, MAX_TIME_MS).default(2000),
  architecture: oneOf(ARCHITECTURES).default('host-stack'),
  host: HostSchema.prefault({}),
  bus: BusSchema.prefault({}),
  nic: NicSchema.prefault({}),
  link: LinkSchema.prefault({}),
  tcp: TcpWithCongestion.prefault({}),
  workload: WorkloadSchema.prefault({}),
  sync: SyncSchema.prefault({}),
  filter: FilterSchema.prefault({}),
  /** Overrides of the cost table's defaults; resolveCosts(scenario.costs) fills the rest. */
  costs: CostsSchema.default({}),
  events: z.array(EventSchema, { error: mustBe('must be a list of events') }).default([]),
});

type Document = z.output<typeof DocumentSchema>;

/** The card's values with the scenario's own `nic.*` fields over them. */
function nicOf(nic: Document['nic']) {
  const own = profileNic(NIC_PROFILES[nic.profile]);
  return {
    ...nic,
    ports: nic.ports ?? own.ports,
    portSpeedMbps: nic.portSpeedMbps ?? own.portSpeedMbps,
    engineMhz: nic.engineMhz ?? own.engineMhz,
    cardMemoryMB: nic.cardMemoryMB ?? own.cardMemoryMB,
  };
}

/** A card runs only the architectures its hardware can do (one message naming both). */
function checkArchitecture(scenario: Document, ctx: z.core.$RefinementCtx<Document>): void {
  const why = refusal(NIC_PROFILES[scenario.nic.profile], scenario.architecture);
  if (why !== null) ctx.addIssue({ code: 'custom', path: ['architecture'], message: why });
}

/** Events name ports by index; a NIC with 2 ports has ports 0 and 1. */
function checkEventPorts(scenario: Document, ctx: z.core.$RefinementCtx<Document>): void {
  const ports = nicOf(scenario.nic).ports;
  const want = `must be a port from 0 to ${ports - 1} (nic.ports is ${ports})`;
  scenario.events.forEach((event, index) => {
    const fields: [string, number][] = [['port', event.port]];
    if (event.kind === 'route-change') fields.push(['toPort', event.toPort]);
    for (const [field, port] of fields) {
      if (port >= ports) {
        ctx.addIssue({
          code: 'custom',
          path: ['events', index, field],
          message: `${want} (got ${showValue(port)})`,
        });
      }
    }
  });
}

/** A UDP datagram carries at most MAX_UDP_PAYLOAD bytes: each message must fit one. */
function checkUdpSizes(
  scenario: z.output<typeof DocumentSchema>,
  ctx: z.core.$RefinementCtx<z.output<typeof DocumentSchema>>,
): void {
  const w = scenario.workload;
  if (!isUdpWorkload(w.kind)) return;
  const fields: [string, number | undefined][] =
    w.kind === 'udp-rr'
      ? [
          ['requestBytes', w.requestBytes],
          ['responseBytes', w.responseBytes],
        ]
      : [['messageBytes', w.messageBytes]];
  for (const [field, value] of fields) {
    if (value === undefined || value <= MAX_UDP_PAYLOAD) continue;
    ctx.addIssue({
      code: 'custom',
      path: ['workload', field],
      message:
        `must be an integer from 1 to ${MAX_UDP_PAYLOAD} for ${w.kind}, the largest UDP payload ` +
        `of one IPv4 datagram (65535 − 20 − 8) (got ${showValue(value)})`,
    });
  }
}

export const ScenarioSchema = DocumentSchema.superRefine((scenario, ctx) => {
  checkArchitecture(scenario, ctx);
  checkEventPorts(scenario, ctx);
  checkUdpSizes(scenario, ctx);
}).transform((scenario) => ({
  ...scenario,
  nic: nicOf(scenario.nic),
  workload: {
    ...scenario.workload,
    messageBytes:
      scenario.workload.messageBytes ??
      (isUdpWorkload(scenario.workload.kind)
        ? UDP_DEFAULT_MESSAGE_BYTES
        : TCP_DEFAULT_MESSAGE_BYTES),
  },
  // Array.prototype.sort is stable, so events at the same time keep file order.
  events: [...scenario.events].sort((a, b) => a.atMs - b.atMs),
}));

/** A scenario with every field filled in. */
export type Scenario = z.output<typeof ScenarioSchema>;
/** A scenario as written in a file: everything but `version` may be left out. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ScenarioEvent = Scenario['events'][number];
export type FilterRule = Scenario['filter']['rules'][number];
export type Architecture = (typeof ARCHITECTURES)[number];
export type BusKind = (typeof BUS_KINDS)[number];
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
export type SyncStrategy = (typeof SYNC_STRATEGIES)[number];
export type FilterPolicy = (typeof FILTER_POLICIES)[number];
export type { NicProfileId };

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** Validates a parsed JSON document and fills in defaults. Never throws. */
export function parseScenario(input: unknown): ParseResult {
  const result = ScenarioSchema.safeParse(input, { error: fallbackMessage });
  if (result.success) return { ok: true, scenario: result.data };
  return { ok: false, errors: toScenarioErrors(result.error.issues) };
}

/** `{ "version": 1 }` with every default filled in. */
export function defaultScenario(): Scenario {
  const result = parseScenario({ version: 1 });
  if (!result.ok) throw new Error('the default scenario does not validate');
  return result.scenario;
}
