import {
  BUS_KINDS,
  FILTER_POLICIES,
  SYNC_STRATEGIES,
  UDP_DIRECTIONS,
  WORKLOAD_KINDS,
} from '../../protocol/scenario.ts';
import { NIC_PROFILE_IDS } from '../../protocol/model-card.ts';

/** Fields that only mean something for some workloads are shown only with them. */
export type FieldScope = 'udp' | 'udp-stream';

/** A parameter the panel edits: its scenario path, a label, and the unit shown beside it. */
export type FieldSpec =
  | {
      kind: 'number';
      path: string;
      label: string;
      unit: string;
      /** An empty field stands for null, which means this (the field's hint). */
      nullMeans?: string;
      only?: FieldScope;
    }
  | {
      kind: 'choice';
      path: string;
      label: string;
      options: readonly string[];
      /** The options stand for true and false (a boolean scenario field). */
      boolean?: true;
      unit?: undefined;
      only?: FieldScope;
    };

/** The key parameters (issue 4), in the order a NIC architect reads them. */
export const PARAMETER_FIELDS: readonly FieldSpec[] = [
  { kind: 'choice', path: 'nic.profile', label: 'NIC card', options: NIC_PROFILE_IDS },
  { kind: 'number', path: 'nic.ports', label: 'Ports', unit: 'ports' },
  { kind: 'number', path: 'nic.portSpeedMbps', label: 'Port speed', unit: 'Mbit/s' },
  { kind: 'number', path: 'link.mtu', label: 'MTU', unit: 'bytes' },
  { kind: 'choice', path: 'bus.kind', label: 'Bus', options: BUS_KINDS },
  { kind: 'number', path: 'host.cpuGhz', label: 'CPU clock', unit: 'GHz' },
  { kind: 'number', path: 'host.cpus', label: 'CPU cores', unit: 'cores' },
  { kind: 'choice', path: 'workload.kind', label: 'Workload', options: WORKLOAD_KINDS },
  {
    kind: 'number',
    path: 'workload.connectionsPerPort',
    label: 'Connections per port',
    unit: 'per port',
  },
  { kind: 'number', path: 'workload.messageBytes', label: 'Message size', unit: 'bytes' },
  {
    kind: 'choice',
    path: 'workload.direction',
    label: 'UDP direction',
    options: UDP_DIRECTIONS,
    only: 'udp-stream',
  },
  {
    kind: 'number',
    path: 'workload.rateMbps',
    label: 'UDP rate per flow',
    unit: 'Mbit/s',
    nullMeans: 'as fast as possible',
    only: 'udp-stream',
  },
  {
    kind: 'choice',
    path: 'workload.udpChecksum',
    label: 'UDP checksum',
    options: ['true', 'false'],
    boolean: true,
    only: 'udp',
  },
  { kind: 'number', path: 'link.rttUs', label: 'RTT', unit: 'µs' },
  { kind: 'number', path: 'link.lossRate', label: 'Loss rate', unit: 'per frame' },
  {
    kind: 'choice',
    path: 'workload.receiveBufferPosted',
    label: 'Read posted',
    options: ['true', 'false'],
    boolean: true,
  },
  { kind: 'choice', path: 'sync.strategy', label: 'Sync strategy', options: SYNC_STRATEGIES },
  { kind: 'choice', path: 'filter.policy', label: 'Filter policy', options: FILTER_POLICIES },
];

/** Whether a field belongs with the workload `kind`. */
export function fieldApplies(field: FieldSpec, kind: unknown): boolean {
  if (field.only === undefined) return true;
  if (field.only === 'udp-stream') return kind === 'udp-stream';
  return kind === 'udp-stream' || kind === 'udp-rr';
}

/**
 * The user's text as a scenario value: a number when it reads as one, else the text
 * itself, so the schema's message quotes exactly what was typed; an empty field that may
 * be null is null.
 */
export function numberFromText(text: string, nullable = false): unknown {
  const trimmed = text.trim();
  if (nullable && trimmed === '') return null;
  if (trimmed === '') return trimmed;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

/** A chosen option as a scenario value: `true`/`false` for a boolean field, else the text. */
export function choiceValue(
  field: Extract<FieldSpec, { kind: 'choice' }>,
  option: string,
): unknown {
  return field.boolean ? option === 'true' : option;
}
