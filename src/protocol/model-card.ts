/**
 * The model card and the NIC profiles as the UI may read them (src/ui reaches src/sim only
 * through src/protocol): the profiles, the checks with the values `npm run model-card`
 * measured, and the card's rows. Nothing here runs the simulator.
 */
export {
  NIC_PROFILE_IDS,
  NIC_PROFILES,
  architecturesOf,
  refusal,
} from '../sim/nic/profiles/index.ts';
export type { NicProfile, NicProfileId } from '../sim/nic/profiles/index.ts';
export { CHECKS } from '../sim/model-card/checks.ts';
export type { Check, Measurement } from '../sim/model-card/checks.ts';
export { MEASURED } from '../sim/model-card/measured.ts';
export {
  CHART_PARAMETERS,
  NOT_MODELLED,
  cardProfiles,
  checkRows,
  parameterRows,
  verdictText,
} from '../sim/model-card/model-card.ts';
export type { CheckRow, ParameterRow } from '../sim/model-card/model-card.ts';
export { profileUse } from '../sim/scenario/card.ts';
export type { ProfileUse } from '../sim/scenario/card.ts';
