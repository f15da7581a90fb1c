/**
 * Every cost the model charges, in one typed table (DESIGN.md §3): its default, unit,
 * how sure we are of it, where it comes from, and the range a scenario may set it to
 * (`"costs": { … }`, validated by scenario/schema.ts). The ranges are wider than real
 * hardware on purpose, so sweeps can ask "what if".
 *
 * Reference host: 2.4 GHz Xeon, E7501 chipset, 533 MHz FSB, Linux 2.4, Intel 8254x NIC.
 * No node imports: the browser validates scenarios with this table too.
 */

export interface CostParameter {
  default: number;
  unit: string;
  /** verified: from a datasheet, manual or driver source; fitted: tuned to a DESIGN.md §7
   * calibration (the source says to what); estimate: our judgement; derived: computed from
   * other rows; what-if: a knob that scales a resource (1 = the hardware as specified),
   * turned by the bottleneck check and by sweeps. */
  basis: 'verified' | 'fitted' | 'estimate' | 'derived' | 'what-if';
  /** The DESIGN.md §3 row or document it comes from. */
  source: string;
  description: string;
  min: number;
  max: number;
  /** Counts (bytes, clocks, reads) that only make sense as whole numbers. */
  integer?: true;
}

import { UDP_COST_TABLE } from './udp-costs.ts';

const MAX_CYCLES = 1_000_000;
/** Ranges shared by many rows. */
const CYCLES = { min: 0, max: MAX_CYCLES } as const;
const CONNECTION_CYCLES = { min: 0, max: 10 * MAX_CYCLES } as const;
const CYCLES_PER_BYTE = { min: 0, max: 100 } as const;

export const COST_TABLE = {
  // ---- host CPU: per byte -----------------------------------------------------------
  copyTxCyclesPerByte: {
    default: 2.0,
    unit: 'cycles/B',
    basis: 'fitted',
    source: 'fitted to R2 (Intel, LKML Sept 2002: TSO cuts CPU from 40 % to 19 %)',
    description: 'CPU copy user → socket buffer on send (copy_from_user)',
    ...CYCLES_PER_BYTE,
  },
  copyRxCyclesPerByte: {
    default: 2.5,
    unit: 'cycles/B',
    basis: 'fitted',
    source: 'fitted; Celeron csum_partial_copy 3.3 cycles/B (LKML 2002)',
    description: 'CPU copy socket buffer → user on receive, cold source (copy_to_user)',
    ...CYCLES_PER_BYTE,
  },
  checksumCyclesPerByte: {
    default: 1.0,
    unit: 'cycles/B',
    basis: 'estimate',
    source: 'LKML 2002: csum_partial 0.69 cycles/B on a Celeron',
    description: 'Internet checksum over data the CPU does not copy',
    ...CYCLES_PER_BYTE,
  },
  checksumFusedCyclesPerByte: {
    default: 0.6,
    unit: 'cycles/B',
    basis: 'estimate',
    source: 'estimate (DESIGN.md §3, checksum fused into copy)',
    description: 'extra cost of computing the checksum while copying (csum_partial_copy)',
    ...CYCLES_PER_BYTE,
  },
  // ---- host CPU: per packet and per event --------------------------------------------
  txPerPacketCycles: {
    default: 5000,
    unit: 'cycles',
    basis: 'fitted',
    source: 'fitted (DESIGN.md §3, TX per packet: TCP + IP + dev + driver)',
    description: 'host work to send one packet or TSO super-segment',
    ...CYCLES,
  },
  txCompletionCycles: {
    default: 800,
    unit: 'cycles',
    basis: 'fitted',
    source: 'fitted (DESIGN.md §3, TX completion per packet)',
    description: 'freeing a sent packet when the card reports its descriptor done',
    ...CYCLES,
  },
  rxPerPacketCycles: {
    default: 6000,
    unit: 'cycles',
    basis: 'fitted',
    source: 'fitted (DESIGN.md §3, RX per packet excluding interrupt and copy)',
    description: 'host work to receive one packet: driver, IP, TCP, socket queue',
    ...CYCLES,
  },
  ackRxCycles: {
    default: 3000,
    unit: 'cycles',
    basis: 'fitted',
    source: 'fitted (DESIGN.md §3, ACK received)',
    description: 'host work to process one received pure ACK',
    ...CYCLES,
  },
  ackTxCycles: {
    default: 2500,
    unit: 'cycles',
    basis: 'fitted',
    source: 'fitted (DESIGN.md §3, ACK generated)',
    description: 'host work to build and send one pure ACK',
    ...CYCLES,
  },
  interruptCycles: {
    default: 3000,
    unit: 'cycles',
    basis: 'estimate',
    source:
      'estimate (DESIGN.md §3): the 8254x manual gives interrupt rates (ITR), not cycles; the handler’s ICR read is charged apart, as an MMIO read (mmioReadStallNs)',
    description: 'one interrupt: entry, dispatch to the driver, exit',
    ...CYCLES,
  },
  maxInterruptsPerSecond: {
    default: 8000,
    unit: '1/s',
    basis: 'verified',
    source: '8254x manual (Interrupt Throttling Register, verified range)',
    description: 'interrupt coalescing: at most this many interrupts per second per port',
    min: 1,
    max: 10_000_000,
  },
  syscallCycles: {
    default: 1500,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate (int 0x80 on a Pentium 4)',
    description: 'one send/recv system call, entry and exit',
    ...CYCLES,
  },
  toePostCycles: {
    default: 8000,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate (DESIGN.md §3, TOE per message post + completion)',
    description: 'host work to post one message to an offloading card and reap its completion',
    ...CYCLES,
  },
  toePerPageCycles: {
    default: 600,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate (DESIGN.md §3, per 4 KB page pinned)',
    description: 'pinning and mapping one 4 KB user page for zero-copy DMA',
    ...CYCLES,
  },
  rxHeaderOnlyCycles: {
    default: 3000,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate (DESIGN.md §3, RX header-only per packet)',
    description: 'host work per received packet when the card keeps the payload',
    ...CYCLES,
  },
  descriptorSetupCycles: {
    default: 300,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate (DESIGN.md §3, DMA descriptor setup)',
    description: 'driver work to fill one DMA descriptor',
    ...CYCLES,
  },
  doorbellCycles: {
    default: 200,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate (DESIGN.md §3, MMIO doorbell write)',
    description: 'CPU cost of one posted MMIO write (the bus transaction is separate)',
    ...CYCLES,
  },
  mmioReadStallNs: {
    default: 1000,
    unit: 'ns',
    basis: 'estimate',
    source: 'estimate (DESIGN.md §3, MMIO register read)',
    description:
      'how long a core stalls on an uncached read of a device register (the interrupt handler reads ICR once per interrupt)',
    min: 0,
    max: 1_000_000,
  },
  hostConnectionCycles: {
    default: 12_000,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate',
    description: 'host-stack work per connection: connect/accept plus close',
    ...CONNECTION_CYCLES,
  },
  toeOffloadHostCycles: {
    default: 10_000,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate',
    description: 'host work to hand one connection to the card (and take it back)',
    ...CONNECTION_CYCLES,
  },
  syncPushCycles: {
    default: 2000,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate (netevent notifier + L2T lookup + mailbox write, as in cxgb3 t3_l2t_update)',
    description: 'host work to push one changed ARP entry to the card (push sync)',
    ...CYCLES,
  },
  syncPollCycles: {
    default: 1000,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate (refreshing a small DMA-able table under the neighbour lock)',
    description: 'host work per port and poll to export the entries the card re-reads (poll sync)',
    ...CYCLES,
  },
  // ---- queues: qdisc, descriptor rings, on-card FIFOs ---------------------------------
  txqueuelenLinux24: {
    default: 100,
    unit: 'packets',
    basis: 'verified',
    source: 'Linux 2.4 drivers/net/net_init.c ether_setup(): dev->tx_queue_len = 100',
    description: 'qdisc length (txqueuelen) of each port in profile linux-2.4',
    min: 0,
    max: 1_000_000,
    integer: true,
  },
  txqueuelenLinux: {
    default: 1000,
    unit: 'packets',
    basis: 'verified',
    source: 'Linux ≥ 2.6 ether_setup(): tx_queue_len = DEFAULT_TX_QUEUE_LEN (1000)',
    description: 'qdisc length (txqueuelen) in profile linux, and of the link peers',
    min: 0,
    max: 1_000_000,
    integer: true,
  },
  txDescriptors: {
    default: 256,
    unit: 'descriptors',
    basis: 'verified',
    source: 'Linux e1000 driver, e1000.h: E1000_DEFAULT_TXD 256 (TxDescriptors)',
    description: 'transmit descriptor ring size per port (one slot always stays unused)',
    min: 8,
    max: 4096,
    integer: true,
  },
  rxDescriptors: {
    default: 256,
    unit: 'descriptors',
    basis: 'verified',
    source: 'Linux e1000 driver, e1000.h: E1000_DEFAULT_RXD 256 (RxDescriptors)',
    description: 'receive descriptor ring size per port (one slot always stays unused)',
    min: 8,
    max: 4096,
    integer: true,
  },
  txQueueWakeDescriptors: {
    default: 16,
    unit: 'descriptors',
    basis: 'verified',
    source: 'Linux e1000 driver, e1000.h: E1000_TX_QUEUE_WAKE 16',
    description: 'free descriptors the driver waits for before it wakes a stopped transmit queue',
    min: 1,
    max: 4096,
    integer: true,
  },
  rxRefillBatch: {
    default: 16,
    unit: 'buffers',
    basis: 'verified',
    source: 'Linux e1000 driver, e1000.h: E1000_RX_BUFFER_WRITE 16 (one RDT write per 16 buffers)',
    description: 'receive buffers the driver refills before it hands them back with one tail write',
    min: 1,
    max: 4096,
    integer: true,
  },
  tsoMaxBytes: {
    default: 65_536,
    unit: 'B',
    basis: 'verified',
    source: 'Linux GSO_MAX_SIZE 65536 (include/linux/netdevice.h): the largest TSO super-segment',
    description: 'largest TSO super-segment the host hands the card',
    min: 1500,
    max: 1_048_576,
    integer: true,
  },
  nicTxFifoBytes: {
    default: 16_384,
    unit: 'B',
    basis: 'verified',
    source:
      'Linux e1000 e1000_reset(): parts before the 82547 have a 64 KB packet buffer, split E1000_PBA_48K = 48 KB receive / 16 KB transmit for frames ≤ 8 KB',
    description: 'on-card transmit FIFO per port: how far the card fetches ahead of its wire',
    min: 64,
    max: 16_777_216,
    integer: true,
  },
  nicRxFifoBytes: {
    default: 49_152,
    unit: 'B',
    basis: 'verified',
    source: 'Linux e1000 e1000_reset(): E1000_PBA_48K (48 KB receive) for frames ≤ 8 KB',
    description: 'on-card receive FIFO per port: frames wait here for DMA; a full FIFO drops',
    min: 64,
    max: 16_777_216,
    integer: true,
  },
  nicTxFifoJumboBytes: {
    default: 24_576,
    unit: 'B',
    basis: 'verified',
    source:
      'Linux e1000 e1000_reset(): E1000_PBA_40K (40 KB receive / 24 KB transmit) for frames > 8 KB',
    description: 'transmit FIFO per port when the MTU allows frames over 8 KB (jumbo)',
    min: 64,
    max: 16_777_216,
    integer: true,
  },
  nicRxFifoJumboBytes: {
    default: 40_960,
    unit: 'B',
    basis: 'verified',
    source: 'Linux e1000 e1000_reset(): E1000_PBA_40K for frames > 8 KB',
    description: 'receive FIFO per port when the MTU allows frames over 8 KB (jumbo)',
    min: 64,
    max: 16_777_216,
    integer: true,
  },
  pauseHighDiffBytes: {
    default: 5688,
    unit: 'B',
    basis: 'verified',
    source:
      'Linux e1000 (e1000.h): E1000_FC_HIGH_DIFF 0x1638, the XOFF threshold 5688 bytes below the receive FIFO size (43,464 B of 48 KB)',
    description: 'with flow control on, XOFF when the receive FIFO is within this of full',
    min: 0,
    max: 16_777_216,
    integer: true,
  },
  pauseLowDiffBytes: {
    default: 5696,
    unit: 'B',
    basis: 'verified',
    source:
      'Linux e1000 (e1000.h): E1000_FC_LOW_DIFF 0x1640, the XON threshold 5696 bytes below the receive FIFO size',
    description:
      'with flow control on, XON when the receive FIFO has drained to this far below full',
    min: 0,
    max: 16_777_216,
    integer: true,
  },
  pauseQuanta: {
    default: 1664,
    unit: 'quanta (512 bit times)',
    basis: 'verified',
    source: 'Linux e1000 (2.6, e1000.h): E1000_FC_PAUSE_TIME 0x0680, “858 usec” at 1 Gbit/s',
    description:
      'pause time an XOFF asks for (the port re-sends it at half that while still above XON)',
    min: 1,
    max: 65_535,
    integer: true,
  },
  // ---- memory bus -------------------------------------------------------------------
  memoryBusSustainedFraction: {
    default: 0.85,
    unit: 'fraction',
    basis: 'derived',
    source:
      'derived: the fitted TX copy (copyTxCyclesPerByte at 2.4 GHz = 1.2 GB/s of payload, 3 bytes of lines per byte copied: source read, read-for-ownership, write-back) moves 3.6 GB/s when it runs alone, so at least that much of the E7501’s 4.26 GB/s FSB peak must be sustainable for the fit to be possible (the 2.0 GB/s of DESIGN.md §3 was not; a measured STREAM figure for the E7501 could not be confirmed)',
    description:
      'share of the memory bus peak that CPU copies and DMA together can use: the capacity they share',
    min: 0.01,
    max: 1,
  },
  cacheLineBytes: {
    default: 64,
    unit: 'B',
    basis: 'estimate',
    source:
      'NetBurst (Pentium 4 / Xeon) caches move 64-byte lines to and from memory (the L2’s 128-byte lines are two 64-byte sectors), per Intel’s IA-32 optimization manual (not retrieved here, so marked estimate)',
    description:
      'unit of memory-bus traffic: copies, DMA and the CPU’s touches of descriptors and headers move whole lines (src/sim/host/memory-traffic.ts)',
    min: 1,
    max: 4096,
    integer: true,
  },
  // ---- PCI / PCI-X ------------------------------------------------------------------
  descriptorBytes: {
    default: 16,
    unit: 'B',
    basis: 'verified',
    source: '8254x manual (legacy TX/RX descriptors)',
    description: 'size of one DMA descriptor',
    min: 1,
    max: 4096,
    integer: true,
  },
  rxDescriptorBytes: {
    default: 16,
    unit: 'B',
    basis: 'verified',
    source: '8254x manual (legacy receive descriptor, 16 B)',
    description: 'size of one receive descriptor (or return-ring entry) the card writes back',
    min: 1,
    max: 4096,
    integer: true,
  },
  rxWriteBackBatch: {
    default: 1,
    unit: 'descriptors',
    basis: 'estimate',
    source:
      'the card under design writes each receive descriptor back as its frame lands (as e1000 leaves the 8254x); ixgb sets RXDCTL WTHRESH 16 (see its profile)',
    description:
      'receive descriptors the card gathers before writing them back in one burst (a partial batch waits for rxWriteBackDelayNs)',
    min: 1,
    max: 256,
    integer: true,
  },
  rxWriteBackDelayNs: {
    default: 0,
    unit: 'ns',
    basis: 'estimate',
    source:
      'with one descriptor per write-back there is nothing to wait for; ixgb’s receive delay timer is RDTR 72 × 0.8192 µs (see its profile)',
    description:
      'how long after the last frame a partial write-back batch waits before the card writes it anyway (the receive delay timer)',
    min: 0,
    max: 100_000_000,
  },
  syncEntryBytes: {
    default: 16,
    unit: 'B',
    basis: 'estimate',
    source: 'estimate (IPv4 address, MAC, state, port: one 16-byte record)',
    description: 'bytes the card reads per shadowed ARP entry on each poll',
    min: 1,
    max: 4096,
    integer: true,
  },
  pciWriteOverheadClocks: {
    default: 5,
    unit: 'clocks',
    basis: 'estimate',
    source: 'DESIGN.md §3 (≈5 non-data clocks per write burst: address, attribute, turnaround)',
    description: 'non-data bus clocks per write burst, at the base clock',
    min: 0,
    max: 1000,
  },
  pciReadOverheadClocks: {
    default: 10,
    unit: 'clocks',
    basis: 'estimate',
    source: 'DESIGN.md §3 (≈10 non-data clocks per split read: request plus completion)',
    description: 'non-data bus clocks per split read, at the base clock',
    min: 0,
    max: 1000,
  },
  pciMmrbcBytes: {
    default: 512,
    unit: 'B',
    basis: 'verified',
    source: 'PCI-X 1.0 (MMRBC default 512 B; 8254x manual)',
    description: 'maximum memory read byte count: largest split read',
    min: 8,
    max: 65_536,
    integer: true,
  },
  pciMaxWriteBurstBytes: {
    default: 4096,
    unit: 'B',
    basis: 'estimate',
    source: 'estimate (PCI-X bursts end at 4 KB address boundaries)',
    description: 'largest write burst a device issues',
    min: 8,
    max: 65_536,
    integer: true,
  },
  pciReadLatencyNs: {
    default: 300,
    unit: 'ns',
    basis: 'estimate',
    source: 'estimate: request to split completion through the E7501 bridge',
    description: 'time from a split-read request to its completion, bus free meanwhile',
    min: 0,
    max: 1_000_000,
  },
  pciSpeedFactor: {
    default: 1,
    unit: '×',
    basis: 'what-if',
    source: 'what-if: the bottleneck check re-runs with the bus 25 % faster (1.25)',
    description: 'PCI-X clock multiplier: data and overhead clocks run this much faster',
    min: 0.01,
    max: 100,
  },
  dmaSpeedFactor: {
    default: 1,
    unit: '×',
    basis: 'what-if',
    source: 'what-if: the bottleneck check re-runs with the card’s DMA engines 25 % faster',
    description:
      'the card’s read engines move this much more on an idle bus: the read latency they cannot overlap shrinks to match (never below 0); the bus is unchanged',
    min: 0.01,
    max: 100,
  },
  pciSlotNs: {
    default: 250,
    unit: 'ns',
    basis: 'estimate',
    source:
      'model resolution: under half a 512-byte PCI-X burst (555 ns on pcix-133); results agree at a quarter of it (src/sim/verdict.test.ts)',
    description:
      'slot width of the PCI-X bus’s fluid sharing: transactions split each slot’s bus time in the order they are booked',
    min: 10,
    max: 100_000,
  },
  engineSlotNs: {
    default: 250,
    unit: 'ns',
    basis: 'estimate',
    source:
      'model resolution: a frame’s handling (cardFrameCycles at 200 MHz) is 500 ns; results agree at a quarter of it (src/sim/verdict.test.ts)',
    description:
      'slot width of the card engine’s calendar: work is served when it is ready, each slot’s cycles split in the order booked',
    min: 10,
    max: 100_000,
  },
  memorySlotNs: {
    default: 1000,
    unit: 'ns',
    basis: 'estimate',
    source:
      'model resolution: a 64 KB copy spans ≈ 50 slots, a frame’s DMA a fraction of one; results agree at a quarter of it (src/sim/verdict.test.ts)',
    description:
      'slot width of the memory bus’s fluid sharing: DMA and copies split each slot’s bytes (DMA first)',
    min: 10,
    max: 100_000,
  },
  pciOutstandingReads: {
    default: 1,
    unit: 'reads',
    basis: 'verified',
    source: '8254x manual (one outstanding read per device)',
    description: 'split reads a device may have in flight at once',
    min: 1,
    max: 32,
    integer: true,
  },
  // ---- card engine ------------------------------------------------------------------
  cardFrameCycles: {
    default: 100,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate',
    description: 'card engine work per frame sent or received (MAC, DMA, checksum set-up)',
    ...CYCLES,
  },
  toeSegmentCycles: {
    default: 400,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate',
    description: 'card TCP work per data segment (full-toe)',
    ...CYCLES,
  },
  toeAckCycles: {
    default: 200,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate',
    description: 'card TCP work per pure ACK sent or received (full-toe)',
    ...CYCLES,
  },
  toeConnectionSetupCycles: {
    default: 20_000,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate',
    description: 'card work per offloaded connection set-up plus tear-down',
    ...CONNECTION_CYCLES,
  },
  cardFlowLookupCycles: {
    default: 100,
    unit: 'cycles',
    basis: 'estimate',
    source: 'estimate',
    description: 'card flow-table lookup per received frame (rx-direct-placement)',
    ...CYCLES,
  },
  cardFilterCycles: {
    default: 20,
    unit: 'cycles',
    basis: 'estimate',
    source:
      'estimate: a masked compare of addresses, ports and direction per rule, rules walked in order (no TCAM)',
    description: 'card engine work per frame per filter rule checked (full-toe, push-to-card)',
    ...CYCLES,
  },
  // ---- the bottleneck verdict --------------------------------------------------------
  saturatedUtilisation: {
    default: 0.9,
    unit: 'fraction',
    basis: 'estimate',
    source:
      'estimate: above 90 % busy a server’s queue grows quickly with load (M/M/1: 9 jobs waiting at 0.9); the live badge calls the busiest resource past it the bottleneck, and a test checks the badge agrees with the what-if check on every preset',
    description: 'utilisation at which the live badge calls a resource saturated',
    min: 0.5,
    max: 1,
  },
  windowLimitedShare: {
    default: 0.5,
    unit: 'fraction',
    basis: 'estimate',
    source: 'estimate: senders held back by a window for most of the samples',
    description:
      'share of sender samples held back by a window above which the live badge says tcp-window (when no resource is saturated)',
    min: 0,
    max: 1,
  },
  windowQueueUtilisation: {
    default: 0.5,
    unit: 'fraction',
    basis: 'estimate',
    source:
      'estimate: a window-blocked sender whose window covers the empty path’s BDP is held back by the queue its data waits in; the live badge names that resource when it is at least half busy',
    description:
      'utilisation above which the live badge names the busiest resource for window-blocked senders whose window exceeds the unloaded BDP',
    min: 0,
    max: 1,
  },
  bottleneckMinGain: {
    default: 0.02,
    unit: 'fraction',
    basis: 'estimate',
    source:
      'estimate: a re-run with a resource 25 % faster that moves goodput by less than 2 % (about what a changed event order moves it by) did not help',
    description: 'goodput gain below which a resource’s 25 % speed-up counts as no help',
    min: 0,
    max: 1,
  },
  ...UDP_COST_TABLE,
} as const satisfies Record<string, CostParameter>;

export type CostKey = keyof typeof COST_TABLE;
export type Costs = { readonly [K in CostKey]: number };

export const COST_KEYS = Object.keys(COST_TABLE) as CostKey[];

/**
 * The defaults with `overrides` applied. Throws on an unknown key or an out-of-range
 * value, so nothing is dropped silently (scenarios are validated earlier, with nicer
 * messages, by scenario/schema.ts).
 */
export function resolveCosts(overrides?: Partial<Record<CostKey, number>>): Costs {
  const costs = {} as Record<CostKey, number>;
  for (const key of COST_KEYS) costs[key] = COST_TABLE[key].default;
  if (overrides === undefined) return costs;
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(COST_TABLE, key)) {
      throw new RangeError(`costs.${key}: unknown cost parameter`);
    }
    const parameter: CostParameter = COST_TABLE[key as CostKey];
    if (value === undefined) continue;
    const integerOk = parameter.integer !== true || Number.isInteger(value);
    if (!(value >= parameter.min && value <= parameter.max) || !integerOk) {
      const kind = parameter.integer === true ? 'an integer' : 'a number';
      throw new RangeError(
        `costs.${key}: must be ${kind} from ${parameter.min} to ${parameter.max} (got ${value})`,
      );
    }
    costs[key as CostKey] = value;
  }
  return costs;
}

export type BusKind = 'pci-66' | 'pcix-133' | 'pcix-266' | 'pcix-533';

export interface BusSpec {
  /** Data transfers per microsecond (millions per second). */
  transfersPerUs: number;
  /** The clock that paces addresses, attributes and turnarounds. */
  baseClockMhz: number;
  bytesPerTransfer: 8;
  peakMBps: number;
}

/**
 * PCI-SIG grades, 64-bit (DESIGN.md §3, verified): 66.67 MHz PCI and 133.33 MHz PCI-X
 * move one transfer per clock; PCI-X 2.0 DDR and QDR move 2 and 4 per 133.33 MHz clock,
 * but address and attribute phases still run at the base clock — so per burst they
 * spend relatively more time on overhead. Clocks are exact thirds: 133.33 MHz = 7.5 ns.
 */
export function busSpec(kind: BusKind): BusSpec {
  const base133 = 400 / 3;
  switch (kind) {
    case 'pci-66':
      return spec(200 / 3, 200 / 3);
    case 'pcix-133':
      return spec(base133, base133);
    case 'pcix-266':
      return spec(2 * base133, base133);
    case 'pcix-533':
      return spec(4 * base133, base133);
  }
}

function spec(transfersPerUs: number, baseClockMhz: number): BusSpec {
  // 8 bytes per transfer × transfers per µs = MB/s: 533.3, 1066.7, 2133.3, 4266.7
  // (the grades are marketed, rounded, as 533 / 1066 / 2132 / 4264 MB/s).
  return { transfersPerUs, baseClockMhz, bytesPerTransfer: 8, peakMBps: transfersPerUs * 8 };
}
