import { ShadowSync } from './shadow.ts';

/**
 * `snapshot` (DESIGN.md §5): the card's entry is copied when the connection is offloaded
 * and never updated. It costs nothing after the hand-over, and after a peer's MAC moves
 * the card sends to the old MAC until the connection dies.
 */
export class SnapshotSync extends ShadowSync {
  readonly id = 'snapshot' as const;
}
