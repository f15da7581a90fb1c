import type { Architecture, ArchitectureId } from './architecture.ts';
import { cardWindow } from './card-window.ts';
import { csumTso } from './csum-tso.ts';
import { fullToe } from './full-toe.ts';
import { hostStack } from './host-stack.ts';
import { rxDirectPlacement } from './rx-direct-placement.ts';

/** Every architecture by id (DESIGN.md §2). */
export const ARCHITECTURE_MODULES: Readonly<Record<ArchitectureId, Architecture>> = {
  'host-stack': hostStack,
  'csum-tso': csumTso,
  'full-toe': fullToe,
  'card-window': cardWindow,
  'rx-direct-placement': rxDirectPlacement,
};
