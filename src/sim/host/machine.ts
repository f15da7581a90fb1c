import type { PciBus } from '../bus/pcix.ts';
import type { Scheduler } from '../core/scheduler.ts';
import type { Costs } from '../costs/cost-table.ts';
import type { Cpu } from './cpu.ts';
import type { Host } from './host.ts';
import type { MemoryBus } from './memory-bus.ts';
import type { Link } from '../link/link.ts';
import type { Nic } from '../nic/nic.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { TcpStack } from '../tcp/stack.ts';
import type { Ipv4, Mac } from '../wire/types.ts';

/**
 * The local machine an architecture is installed on: the host (its IP layer and TCP),
 * its CPU and memory bus, the PCI-X bus and the NIC with its ports.
 */
export interface Machine {
  readonly scheduler: Scheduler;
  readonly scenario: Scenario;
  readonly costs: Costs;
  readonly host: Host;
  readonly hostTcp: TcpStack;
  readonly cpu: Cpu;
  readonly memory: MemoryBus;
  readonly pci: PciBus;
  readonly nic: Nic;
  readonly links: readonly Link[];
  /** The qdisc length of every port, from the TCP profile (txqueuelen). */
  readonly txqueuelen: number;
  /** Payload copies the host CPU made, in bytes (the copy ledger). */
  readonly ledger: CopyLedger;
  /**
   * The link peer's current MAC on `port`: ground truth for measuring frames sent on
   * stale ARP state. The model's decisions never read it.
   */
  peerMac(port: number): Mac;
  /**
   * Whether a host on `port`'s far side currently has `mac` (the peer, or another peer's
   * second path after a route change): ground truth, like `peerMac`.
   */
  peerAnswers(port: number, mac: Mac): boolean;
  /** The NIC port whose local address `ip` is. */
  portOf(ip: Ipv4): number;
  /** Appends to the run's event log (fallbacks, sync repairs, …). */
  logEvent(kind: string, port: number, text: string): void;
}

/** Bytes the CPU copied, by direction; the copy ledger divides by payload delivered. */
export class CopyLedger {
  txCopyBytes = 0;
  rxCopyBytes = 0;
  /** Received payload that reached the application without a CPU copy. */
  zeroCopyRxBytes = 0;
  /** Sent payload that the card fetched from user pages without a CPU copy. */
  zeroCopyTxBytes = 0;
}

/** The core an interrupt of `port` runs on (IRQ affinity: port p on core p mod cores). */
export function coreForPort(machine: Machine, port: number): number {
  return port % machine.cpu.cores;
}

/**
 * The core the application of connection `index` runs on: the scheduler puts applications
 * on the cores the ports' interrupts leave free first (with one port on a two-CPU host,
 * netperf runs on the second CPU while the first takes the interrupts), round robin.
 * With as many ports as cores or more, connection i runs where port i's interrupts do.
 */
export function coreForApp(machine: Machine, index: number): number {
  return (machine.links.length + index) % machine.cpu.cores;
}
