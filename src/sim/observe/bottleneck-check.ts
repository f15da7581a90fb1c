import { scenarioCosts } from '../scenario/card.ts';
import type {
  Bottleneck,
  BottleneckCheck,
  JointTrial,
  Results,
  SpeedUpTrial,
} from '../metrics/results.ts';
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

/** The two resources the check speeds up: the busiest two that can go faster. */
function candidates(base: Results): { resource: Resource; scenario: Scenario; change: string }[] {
  const out = [];
  for (const resource of ranked(base).slice(0, 2)) {
    const faster = spedUp(base.scenario, resource);
    if (faster !== null) out.push({ resource, ...faster });
  }
  return out;
}

/**
 * Whether the check may need its co-limit re-run: both candidates saturated. A server at
 * full use cannot give more goodput when only the other gets faster, so two saturated
 * resources each show no gain alone although together they set the rate.
 */
function bothSaturated(base: Results, resources: readonly Resource[]): boolean {
  const u = base.utilisations ?? {};
  const saturated = scenarioCosts(base.scenario).saturatedUtilisation;
  return resources.length === 2 && resources.every((r) => (u[r] ?? 0) >= saturated);
}

/** How many re-runs the check of `base` makes at most (for progress reports). */
export function plannedReruns(base: Results): number {
  const c = candidates(base);
  return (
    c.length +
    (bothSaturated(
      base,
      c.map((x) => x.resource),
    )
      ? 1
      : 0)
  );
}

/**
 * Decides the bottleneck by what-if re-runs (DESIGN.md §3): the live rule's two busiest
 * resources, each made SPEED_UP faster in a re-run of the same scenario and seed; the one
 * whose speed-up raised goodput most is the bottleneck, if it raised it by at least
 * `costs.bottleneckMinGain`. When neither did and both are saturated, a re-run with both
 * faster tells a co-limit (the busier one is named) from a limit elsewhere. Otherwise
 * `tcp-window` when the senders' window is below the BDP at their measured RTT, else `none`.
 */
export function checkBottleneck(base: Results, rerun: (s: Scenario) => Results): BottleneckCheck {
  const goodputMbps = totalGoodput(base);
  const gainOf = (g: number) => (goodputMbps > 0 ? g / goodputMbps - 1 : g > 0 ? Infinity : 0);
  const trials: SpeedUpTrial[] = [];
  const tried = candidates(base);
  for (const { resource, scenario, change } of tried) {
    const g = totalGoodput(rerun(scenario));
    trials.push({ resource, change, goodputMbps: g, gain: gainOf(g) });
  }
  const costs = scenarioCosts(base.scenario);
  const minGain = costs.bottleneckMinGain;
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
  let joint: JointTrial | null = null;
  const pair = tried.map((t) => t.resource);
  if (verdict === 'none' && bothSaturated(base, pair)) {
    const first = tried[0]!;
    const both = spedUp(first.scenario, tried[1]!.resource);
    if (both !== null) {
      const g = totalGoodput(rerun(both.scenario));
      joint = {
        resources: pair,
        change: `${first.change}; ${both.change}`,
        goodputMbps: g,
        gain: gainOf(g),
      };
    }
  }
  const window = windowAgainstBdp(base);
  const u = base.utilisations ?? {};
  const busy = (r: Resource) => percent(u[r] ?? 0, false);
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
        `, but the ${verdict} is only ${busy(verdict)} busy: ` +
        `the ${waiting}, saturated, waits for it one transfer at a time`;
      verdict = waiting;
    }
  } else if (joint !== null && joint.gain >= minGain) {
    // Co-limited: name the one the live badge names (the busier), say both.
    const [a, b] = pair as [Resource, Resource];
    verdict = base.bottleneck === b ? b : a;
    const other = verdict === a ? b : a;
    reason =
      `co-limited with the ${other}: the ${verdict} (${busy(verdict)}) and the ${other} ` +
      `(${busy(other)}) are both saturated; neither ${SPEED_UP}× as fast alone moved goodput, ` +
      `both together moved it ${percent(joint.gain)}`;
  } else if (window?.belowBdp === true) {
    verdict = 'tcp-window';
    reason = 'no resource’s speed-up helped, and the window is below the BDP at the measured RTT';
  } else {
    const rtos = base.connections.reduce((n, c) => n + c.timeouts, 0);
    reason =
      rtos > 0
        ? `no resource’s speed-up helped, and the window covers the BDP: the senders waited out ` +
          `${rtos} retransmission timeout${rtos === 1 ? '' : 's'}; lost frames, not a resource, set the rate`
        : 'no resource’s speed-up helped, and the window covers the BDP: the application is the limit';
  }
  return {
    speedUp: SPEED_UP,
    goodputMbps,
    trials,
    joint,
    window,
    verdict,
    reason,
    liveRule: base.bottleneck ?? 'none',
  };
}
