/**
 * The scenario vocabulary the UI may use (src/ui reaches src/sim only through
 * src/protocol): the schema's parser and value lists, the presets, and their types.
 * Validating in the UI with the very same schema keeps field messages identical to the
 * command line's.
 */
export {
  ARCHITECTURES,
  BUS_KINDS,
  EVENT_KINDS,
  FILTER_POLICIES,
  MAX_PORTS,
  SYNC_STRATEGIES,
  UDP_DIRECTIONS,
  WORKLOAD_KINDS,
  defaultScenario,
  isUdpWorkload,
  formatScenarioErrors,
  parseScenario,
} from '../sim/scenario/schema.ts';
export type {
  Architecture,
  BusKind,
  FilterPolicy,
  ParseResult,
  Scenario,
  ScenarioError,
  ScenarioEvent,
  ScenarioInput,
  SyncStrategy,
  WorkloadKind,
} from '../sim/scenario/schema.ts';
export { PRESETS, getPreset } from '../sim/scenario/presets.ts';
export type { Preset } from '../sim/scenario/presets.ts';
