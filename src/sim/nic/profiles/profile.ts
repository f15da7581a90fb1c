import type { CostKey } from '../../costs/cost-table.ts';

/**
 * A NIC profile (issue 13): a card of the day as the model sees it, every value with where
 * it comes from. A profile sets `nic.*` defaults and cost-table rows; the scenario's own
 * `nic.*` and `costs.*` fields still override it. No node imports: the browser reads these.
 */

/** Where a value comes from. */
export type ValueBasis =
  /** A datasheet, a manual or a product brief. */
  | 'datasheet'
  /** The card's Linux driver source (the values its driver sets the hardware to). */
  | 'driver'
  /** A published measurement or paper. */
  | 'paper'
  /** Computed from other sourced values (the source says how). */
  | 'derived'
  /** Our judgement. */
  | 'estimate'
  /**
   * Not found in any document we could check: the value is the card under design's
   * (cost table) default, kept so the model runs, and marked so nobody quotes it.
   */
  | 'unconfirmed';

export interface Sourced<T> {
  value: T;
  basis: ValueBasis;
  source: string;
}

/** How sure we are of a profile as a whole. */
export type Confidence = 'high' | 'medium' | 'low';

/** The slowest bus grade first: a card runs the bus no faster than its own interface. */
export const BUS_ORDER = ['pci-66', 'pcix-133', 'pcix-266', 'pcix-533'] as const;
export type ProfileBus = (typeof BUS_ORDER)[number];

export interface NicProfile {
  readonly id: string;
  /** The product and its chips. */
  readonly name: string;
  /** The Linux driver whose source the values come from. */
  readonly driver: string;
  readonly confidence: Confidence;
  /** What the model makes of this card, in a sentence or two. */
  readonly summary: string;
  /** The fastest bus grade the card's interface runs (a slower card slows the whole bus). */
  readonly busInterface: Sourced<ProfileBus>;
  readonly ports: Sourced<number>;
  readonly portSpeedMbps: Sourced<number>;
  /** Ports per controller chip (each port is its own PCI function with its own DMA engines). */
  readonly portsPerChip: Sourced<number>;
  /**
   * A PCI-X bridge between the chips and the slot: each split read's completion crosses the
   * card's secondary bus before the bridge forwards it, adding that burst's time to the read.
   */
  readonly bridge: Sourced<boolean>;
  readonly capabilities: {
    /** TCP/IP checksum in hardware (transmit and receive). */
    readonly checksum: Sourced<boolean>;
    /** TCP segmentation offload, on by default in its driver. */
    readonly tso: Sourced<boolean>;
    /** A TCP offload engine the host can hand connections to (full-toe). */
    readonly toe: Sourced<boolean>;
    /**
     * Header/data split with a flow table and card memory for windows (card-window,
     * rx-direct-placement): the card under design's own features.
     */
    readonly placement: Sourced<boolean>;
  };
  /** The card's processor clock (firmware, or the TOE engine). */
  readonly engineMhz: Sourced<number>;
  readonly cardMemoryMB: Sourced<number>;
  /** The interrupt moderation scheme, in words (the rate the model uses is a cost row). */
  readonly interruptScheme: Sourced<string>;
  /** Cost-table rows this card sets. */
  readonly costs: Partial<Record<CostKey, Sourced<number>>>;
  /** What the model leaves out of this card, in sentences. */
  readonly notModelled: readonly string[];
}

/** The `nic.*` scenario fields a profile sets. */
export const PROFILE_NIC_FIELDS = ['ports', 'portSpeedMbps', 'engineMhz', 'cardMemoryMB'] as const;
export type ProfileNicField = (typeof PROFILE_NIC_FIELDS)[number];
