import {
  BUS_KINDS,
  FILTER_POLICIES,
  SYNC_STRATEGIES,
  WORKLOAD_KINDS,
} from '../../protocol/scenario.ts';
import { NIC_PROFILE_IDS } from '../../protocol/model-card.ts';

/** A parameter the panel edits: its scenario path, a label, and the unit shown beside it. */
export type FieldSpec =
  | { kind: 'number'; path: string; label: string; unit: string }
  | {
      kind: 'choice';
      path: string;
      label: string;
      options: readonly string[];
      /** The options stand for true and false (a boolean scenario field). */
      boolean?: true;
      unit?: undefined;
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

/**
 * The user's text as a scenario value: a number when it reads as one, else the text
 * itself, so the schema's message quotes exactly what was typed.
 */
export function numberFromText(text: string): unknown {
  const trimmed = text.trim();
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
