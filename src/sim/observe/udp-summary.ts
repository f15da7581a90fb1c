import type { Reassembly } from '../net/ip-fragment.ts';
import type {
  ReassemblyResult,
  PortUdpResult,
  UdpDirectionResult,
  UdpResult,
} from '../metrics/udp-results.ts';
import { UDP_LOSS_REASONS, type UdpDirectionCounts } from '../udp/ledger.ts';
import type { UdpWorld } from '../world/udp.ts';

function direction(c: UdpDirectionCounts): UdpDirectionResult {
  let lost = 0;
  for (const r of UDP_LOSS_REASONS) lost += c.drops[r];
  return {
    datagramsSent: c.datagramsSent,
    framesSent: c.framesSent,
    fragmentsSent: c.fragmentsSent,
    datagramsDelivered: c.datagramsDelivered,
    drops: { ...c.drops },
    inFlight: c.datagramsSent - c.datagramsDelivered - lost,
  };
}

/** `ports[port].udp`: the ledger's counts for the port, both directions and summed. */
export function portUdpResult(udp: UdpWorld, port: number): PortUdpResult {
  const counts = udp.ledger.ports[port]!;
  const tx = direction(counts.tx);
  const rx = direction(counts.rx);
  const drops = { ...tx.drops };
  for (const r of UDP_LOSS_REASONS) drops[r] += rx.drops[r];
  return {
    datagramsSent: tx.datagramsSent + rx.datagramsSent,
    datagramsDelivered: tx.datagramsDelivered + rx.datagramsDelivered,
    fragmentsSent: tx.fragmentsSent + rx.fragmentsSent,
    drops,
    inFlight: tx.inFlight + rx.inFlight,
    tx,
    rx,
  };
}

function reassembly(rs: readonly Reassembly[]): ReassemblyResult {
  const out: ReassemblyResult = {
    fragmentsReceived: 0,
    datagramsReassembled: 0,
    timeouts: 0,
    evicted: 0,
    pending: 0,
    peakMemoryBytes: 0,
  };
  for (const r of rs) {
    out.fragmentsReceived += r.stats.requests;
    out.datagramsReassembled += r.stats.oks;
    out.timeouts += r.stats.timeouts;
    out.evicted += r.stats.evicted;
    out.pending += r.pending;
    out.peakMemoryBytes = Math.max(out.peakMemoryBytes, r.stats.peakMemoryBytes);
  }
  return out;
}

/** The results' `udp` section. */
export function udpResult(udp: UdpWorld): UdpResult {
  const p = udp.host.options.policy;
  return {
    hostReassembly: reassembly([udp.hostReassembly]),
    peerReassembly: reassembly(udp.peerReassembly),
    sendPolicy: {
      fragmentOrder: p.order,
      dontFragment: p.dontFragment,
      dontFragmentFragments: p.dontFragmentFragments,
    },
  };
}
