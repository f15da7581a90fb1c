import type { Architecture } from '../../protocol/scenario.ts';
import { BUS_KINDS } from '../../protocol/scenario.ts';

/** A parameter the sweep view offers (issue 6), by its scenario path. */
export interface SweepParameter {
  path: string;
  label: string;
  unit: string;
  /** The values offered when the parameter is chosen. */
  suggested: readonly (number | string)[];
  /** Only these values (a bus kind); otherwise numbers the schema accepts. */
  choices?: readonly string[];
}

export const SWEEP_PARAMETERS: readonly SweepParameter[] = [
  {
    path: 'workload.messageBytes',
    label: 'Message size',
    unit: 'B',
    suggested: [1024, 4096, 16384, 65536],
  },
  {
    path: 'workload.connectionsPerPort',
    label: 'Connections per port',
    unit: '',
    suggested: [1, 2, 4, 8],
  },
  { path: 'host.cpuGhz', label: 'CPU clock', unit: 'GHz', suggested: [1, 2, 3, 4] },
  {
    path: 'nic.portSpeedMbps',
    label: 'Port speed',
    unit: 'Mbit/s',
    suggested: [100, 1000, 10000],
  },
  { path: 'nic.ports', label: 'Ports', unit: '', suggested: [1, 2, 4] },
  { path: 'link.mtu', label: 'MTU', unit: 'B', suggested: [1500, 4000, 9000] },
  {
    path: 'bus.kind',
    label: 'Bus',
    unit: '',
    suggested: BUS_KINDS,
    choices: BUS_KINDS,
  },
  { path: 'nic.engineMhz', label: 'Card engine clock', unit: 'MHz', suggested: [100, 250, 500] },
  {
    path: 'workload.rateMbps',
    label: 'UDP rate per flow',
    unit: 'Mbit/s',
    suggested: [100, 250, 500, 1000],
  },
];

export function sweepParameter(path: string): SweepParameter | undefined {
  return SWEEP_PARAMETERS.find((p) => p.path === path);
}

/** What the sweep view runs: the lab's scenario at each value, under each architecture. */
export interface SweepParams {
  parameter: string;
  values: (number | string)[];
  architectures: Architecture[];
  /** Simulated time per point; absent: the lab scenario's `durationMs`. */
  durationMs?: number;
}

export const DEFAULT_SWEEP: SweepParams = {
  parameter: 'host.cpuGhz',
  values: [1, 2, 3, 4],
  architectures: ['host-stack', 'csum-tso', 'full-toe'],
};
