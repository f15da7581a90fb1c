import type { Architecture } from '../../protocol/scenario.ts';
import { checkPoint, type Bottleneck } from '../../protocol/sweep-messages.ts';
import { portPayloadLimitMbps } from '../charts/columns.ts';
import { fmt, RESOURCE_LABELS } from '../theme.ts';
import type { SweepParameter } from './sweep-parameters.ts';
import { valueLabel, type SweepPlan } from './sweep-plan.ts';
import type { ReadingGroup } from './sweep-reading.ts';
import type { PointOutcome } from './sweep-run.ts';

/**
 * What the sweep chart shows, computed without a DOM: the finished points with their
 * tooltips, the order of the x values and which scale suits them, the title. The chart
 * (sweep-chart.ts) only draws this.
 */

export type XScaleKind = 'linear' | 'log' | 'point';

export interface ChartPoint {
  /** Stable across redraws: the key of the keyed joins. */
  key: string;
  job: number;
  architecture: Architecture;
  value: number | string;
  goodputMbps: number;
  /** Host CPU utilisation 0–1. */
  cpu: number | null;
  bottleneck: Bottleneck | null;
  cpuCopiesPerByte: number | null;
  /** "full-toe, 2 GHz: 3,765 Mbit/s, CPU 8 %, bottleneck wire" */
  title: string;
}

export interface ChartModel {
  parameter: SweepParameter;
  xKind: XScaleKind;
  /** Every swept value in x order (ascending numbers; bus kinds slowest first). */
  xValues: (number | string)[];
  architectures: Architecture[];
  points: ChartPoint[];
  /** Goodput the wires allow at each x value (bulk workloads), or null when not simple. */
  wireLimit: WireLimit[] | null;
  title: string;
  subtitle: string;
}

export interface WireLimit {
  value: number | string;
  mbps: number;
}

/** Values spanning at least this ratio are drawn on a log scale (1 KB … 64 KB, 100 Mbit/s … 10 Gbit/s). */
export const LOG_SPAN = 8;

export function bottleneckLabel(bottleneck: Bottleneck | null): string {
  if (bottleneck === null) return 'not decided';
  if (bottleneck === 'none') return 'none (application-limited)';
  return RESOURCE_LABELS[bottleneck];
}

export function xScaleKind(
  parameter: SweepParameter,
  values: readonly (number | string)[],
): XScaleKind {
  if (parameter.choices || values.length < 2) return 'point';
  if (!values.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) {
    return 'point';
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (min === max) return 'point';
  return min > 0 && max / min >= LOG_SPAN ? 'log' : 'linear';
}

/** Numbers ascending; a parameter with choices in the order of its choices. */
export function orderValues(
  parameter: SweepParameter,
  values: readonly (number | string)[],
): (number | string)[] {
  const choices = parameter.choices;
  if (choices) {
    const rank = (v: number | string) => {
      const i = choices.indexOf(String(v));
      return i < 0 ? choices.length : i;
    };
    return [...values].sort((a, b) => rank(a) - rank(b));
  }
  if (values.every((v) => typeof v === 'number')) {
    return [...values].sort((a, b) => (a as number) - (b as number));
  }
  return [...values];
}

export function pointTitle(
  parameter: SweepParameter,
  architecture: string,
  value: number | string,
  outcome: PointOutcome,
): string {
  const m = outcome.metrics;
  return `${architecture}, ${valueLabel(parameter, value)}: ${fmt.count(m.goodputMbps)} Mbit/s, CPU ${fmt.percent(m.cpuUtilization)}, bottleneck ${bottleneckLabel(m.bottleneck)}`;
}

export function chartModel(
  plan: SweepPlan,
  outcomes: readonly (PointOutcome | null)[],
): ChartModel {
  const { parameter } = plan;
  const xValues = orderValues(parameter, plan.values);
  const points: ChartPoint[] = [];
  plan.points.forEach((p, i) => {
    const outcome = outcomes[i];
    if (!outcome) return;
    const m = outcome.metrics;
    points.push({
      key: `${p.architecture}@${p.text}`,
      job: p.job,
      architecture: p.architecture,
      value: p.value,
      goodputMbps: m.goodputMbps,
      cpu: m.cpuUtilization,
      bottleneck: m.bottleneck,
      cpuCopiesPerByte: m.cpuCopiesPerByte,
      title: pointTitle(parameter, p.architecture, p.value, outcome),
    });
  });
  return {
    parameter,
    xKind: xScaleKind(parameter, plan.values),
    xValues,
    architectures: plan.architectures,
    points,
    wireLimit: wireLimits(plan, xValues),
    title: `${parameter.label} sweep: goodput and host CPU`,
    subtitle: `${plan.scenarioName} · ${fmt.count(plan.durationMs)} ms simulated per point, goodput over the second half`,
  };
}

/**
 * The payload rate the wires carry at line rate (DESIGN.md §7 R1, all ports, one
 * direction), per x value: the ceiling offload can reach. Only for bulk-send and
 * bulk-receive, where data flows one way; elsewhere ACKs share the wire and there is no
 * single line to draw.
 */
export function wireLimits(
  plan: SweepPlan,
  xValues: readonly (number | string)[],
): WireLimit[] | null {
  const limits: WireLimit[] = [];
  for (const value of xValues) {
    const check = checkPoint(plan.base, [
      { path: plan.parameter.path, text: String(value), value },
    ]);
    if (!check.ok) return null;
    const { nic, workload } = check.scenario;
    const oneWay = ['bulk-send', 'bulk-receive', 'udp-stream'].includes(workload.kind);
    if (!oneWay) return null;
    limits.push({ value, mbps: nic.ports * portPayloadLimitMbps(check.scenario) });
  }
  return limits;
}

/** The finished points grouped by value in x order, for the "where offload pays" lines. */
export function readingGroups(model: ChartModel): ReadingGroup[] {
  return model.xValues.map((value) => ({
    label: valueLabel(model.parameter, value),
    points: model.points
      .filter((p) => p.value === value)
      .map((p) => ({
        architecture: p.architecture,
        goodputMbps: p.goodputMbps,
        cpuUtilization: p.cpu,
        bottleneck: p.bottleneck,
      })),
  }));
}

/** The architecture the others are compared with: host-stack when swept, else the first. */
export function baselineOf(architectures: readonly Architecture[]): Architecture {
  return architectures.includes('host-stack') ? 'host-stack' : (architectures[0] ?? 'host-stack');
}
