import { runScenario } from '../run.ts';
import { parseScenario, type ScenarioInput } from '../scenario/schema.ts';
import type { Check, Measurement } from './checks.ts';

function scenarioOf(input: ScenarioInput) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(`check scenario does not validate: ${JSON.stringify(input)}`);
  return parsed.scenario;
}

/** Runs a check's scenarios (without the bottleneck check's re-runs) and measures them. */
export function runCheck(check: Check): Measurement {
  const results = check.scenarios.map((s) =>
    runScenario(scenarioOf(s), { bottleneckCheck: false }),
  );
  return check.measure(results);
}
