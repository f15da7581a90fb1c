import { resolveCosts } from '../costs/cost-table.ts';
import type { Bottleneck, BottleneckCheck, Results, SpeedUpTrial } from '../metrics/results.ts';
import { parseScenario, type Scenario, type ScenarioInput } from '../scenario/schema.ts';
import { RESOURCES, WAITS_ON, type Resource } from './bottleneck.ts';

function percent(x: number, signed = true): string {
  return `${signed && x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
}

/** How much faster the check makes a resource (DESIGN.md §3). */
export const SPEED_UP = 1.25;

/** Payload goodput over every port and direction, Mbit/s. */
export function totalGoodput(r: Results): number {
  let total = 0;
  for (const p of r.ports) total += p.txGoodputMbps + p.rxGoodputMbps;
  return total;
}

/**
 * The scenario with `resource` SPEED_UP faster, and the change in words; null when the
 * resource cannot go faster within the scenario's ranges.
 */
export function spedUp(
  s: Scenario,
  resource: Resource,
): { scenario: Scenario; change: string } | null {
  const input = structuredClone(s) as unknown as ScenarioInput & Record<string, unknown>;
  let change: string;
  const scale = (from: number) => Math.round(from * SPEED_UP * 1e6) / 1e6;
  switch (resource) {
    case 'wire':
      input.nic = { ...s.nic, portSpeedMbps: scale(s.nic.portSpeedMbps) };
      change = `nic.portSpeedMbps ${s.nic.portSpeedMbps} → ${input.nic.portSpeedMbps}`;
      break;
    case 'host-cpu':
      input.host = { ...s.host, cpuGhz: scale(s.host.cpuGhz) };
      change = `host.cpuGhz ${s.host.cpuGhz} → ${input.host.cpuGhz}`;
      break;
    case 'memory-bus':
      input.host = { ...s.host, memoryBusGBps: scale(s.host.memoryBusGBps) };
      change = `host.memoryBusGBps ${s.host.memoryBusGBps} → ${input.host.memoryBusGBps}`;
      break;
    case 'nic-engine':
      input.nic = { ...s.nic, engineMhz: scale(s.nic.engineMhz) };
      change = `nic.engineMhz ${s.nic.engineMhz} → ${input.nic.engineMhz}`;
      break;
    case 'card-memory':
      input.nic = { ...s.nic, cardMemoryMB: scale(s.nic.cardMemoryMB) };
      change = `nic.cardMemoryMB ${s.nic.cardMemoryMB} → ${input.nic.cardMemoryMB}`;
      break;
    case 'pci-bus':
    case 'nic-dma': {
      const key = resource === 'pci-bus' ? 'pciSpeedFactor' : 'dmaSpeedFactor';
      const from = s.costs[key] ?? 1;
      input.costs = { ...s.costs, [key]: scale(from) };
      change = `costs.${key} ${from} → ${scale(from)}`;
      break;
    }
  }
  const parsed = parseScenario(input);
  return parsed.ok ? { scenario: parsed.scenario, change } : null;
}

/** The resources by utilisation over the measured half, busiest first (ties in RESOURCES order). */
export function ranked(r: Results): Resource[] {
  const u = r.utilisations ?? {};
  return RESOURCES.filter((res) => (u[res] ?? 0) > 0).sort((a, b) => (u[b] ?? 0) - (u[a] ?? 0));
}

/**
 * The bulk senders' window against the bandwidth-delay product at their own measured
 * RTT: the window a sender can use is the smaller of its send buffer and the peer's
 * receive buffer; the product is the port's line rate times the median srtt.
 */
function windowAgainstBdp(r: Results): BottleneckCheck['window'] {
  const rtts = r.connections
    .map((c) => c.srttUs)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  if (rtts.length === 0 || r.workload !== null) return null;
  const srttUs = rtts[Math.floor(rtts.length / 2)]!;
  const { tcp, nic } = r.scenario;
  const windowBytes = Math.min(tcp.sendBufferKB, tcp.recvBufferKB) * 1024;
  const bdpBytes = (nic.portSpeedMbps * 1e6 * srttUs) / 1e6 / 8;
  return { windowBytes, bdpBytes, belowBdp: windowBytes < bdpBytes };
}

/**
 * Decides the bottleneck by what-if re-runs (DESIGN.md §3): the live rule's two busiest
 * resources, each made SPEED_UP faster in a re-run of the same scenario and seed; the one
 * whose speed-up raised goodput most is the bottleneck, if it raised it by at least
 * `costs.bottleneckMinGain`. Otherwise `tcp-window` when the senders' window is below the
 * BDP at their measured RTT, else `none`.
 */
export function checkBottleneck(base: Results, rerun: (s: Scenario) => Results): BottleneckCheck {
  const goodputMbps = totalGoodput(base);
  const trials: SpeedUpTrial[] = [];
  for (const resource of ranked(base).slice(0, 2)) {
    const faster = spedUp(base.scenario, resource);
    if (faster === null) continue;
    const g = totalGoodput(rerun(faster.scenario));
    const gain = goodputMbps > 0 ? g / goodputMbps - 1 : g > 0 ? Infinity : 0;
    trials.push({ resource, change: faster.change, goodputMbps: g, gain });
  }
  const minGain = resolveCosts(base.scenario.costs).bottleneckMinGain;
  const waiterOn = (bus: Resource): Resource | null => {
    for (const r of RESOURCES) if (WAITS_ON[r] === bus) return r;
    return null;
  };
  let verdict: Bottleneck = 'none';
  let best = minGain;
  for (const t of trials) {
    if (t.gain >= best) {
      verdict = t.resource;
      best = t.gain;
    }
  }
  const window = windowAgainstBdp(base);
  const costs = resolveCosts(base.scenario.costs);
  const u = base.utilisations ?? {};
  let reason: string;
  if (verdict !== 'none') {
    reason = `a ${verdict} ${SPEED_UP}× as fast moved goodput most (${percent(best)})`;
    const waiting = waiterOn(verdict);
    // A shared bus is the bottleneck only when it is saturated. Below that, the bus sets
    // the pace of one server that uses it at a time (a core's memory-bound copy, a DMA
    // engine's reads): that server is the limit, and its busy time includes the waits.
    if (
      waiting !== null &&
      (u[verdict] ?? 0) < costs.saturatedUtilisation &&
      (u[waiting] ?? 0) >= costs.saturatedUtilisation
    ) {
      reason +=
        `, but the ${verdict} is only ${percent(u[verdict] ?? 0, false)} busy: ` +
        `the ${waiting}, saturated, waits for it one transfer at a time`;
      verdict = waiting;
    }
  } else if (window?.belowBdp === true) {
    verdict = 'tcp-window';
    reason = 'no resource’s speed-up helped, and the window is below the BDP at the measured RTT';
  } else {
    reason =
      'no resource’s speed-up helped, and the window covers the BDP: the application is the limit';
  }
  return {
    speedUp: SPEED_UP,
    goodputMbps,
    trials,
    window,
    verdict,
    reason,
    liveRule: base.bottleneck ?? 'none',
  };
}
