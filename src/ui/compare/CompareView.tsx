import { useMemo } from 'react';
import { parseScenario } from '../../protocol/scenario.ts';
import { useLab } from '../state/store.ts';
import { CompareCharts } from './CompareCharts.tsx';
import {
  ArchitectureChoice,
  CardChoice,
  CompareByChoice,
  CompareTransport,
  DifferenceChoice,
} from './CompareControls.tsx';
import { architectureLane, profileLane } from './lane-spec.ts';
import type { CompareSession, CompareSnapshot } from './compare-session.ts';
import { COMPARE_MAX, COMPARE_MIN } from './compare-slice.ts';
import { scenarioFacts } from './scenario-summary.ts';
import { SummaryTable } from './SummaryTable.tsx';
import { useCompareSession } from './use-compare-session.ts';
import './compare.css';

/**
 * Two to five architectures on the same scenario and seed, side by side (issue 6): the
 * lab's scenario with `architecture` replaced per lane, each lane its own simulation
 * worker, all stepped in lockstep so the charts and the table compare the same instants.
 */
export function CompareView() {
  const input = useLab((s) => s.input);
  const compare = useLab((s) => s.compare);
  const difference = useLab((s) => s.compareDifference);
  const parsed = useMemo(() => parseScenario(input), [input]);
  const scenario = parsed.ok ? parsed.scenario : null;
  const byCard = compare.by === 'card';
  const architecture = scenario?.architecture ?? 'host-stack';
  const specs = useMemo(
    () =>
      byCard
        ? compare.profiles.map((p) => profileLane(p, architecture))
        : compare.architectures.map(architectureLane),
    [byCard, compare.profiles, compare.architectures, architecture],
  );
  const what = byCard ? 'cards' : 'architectures';
  const enough = specs.length >= COMPARE_MIN && scenario !== null;
  const { session, snapshot, togglePlay, reset } = useCompareSession(input, specs, enough);

  return (
    <main className="view compare-view" aria-label={`Compare ${what}`}>
      <section className="panel cmp-head" aria-label="Compared scenario">
        <h2 className="cmp-title">Compare {what}</h2>
        <p className="cmp-scenario">
          <strong>{scenario?.name ?? 'Scenario'}</strong>
          {scenario && <span className="muted"> · {scenarioFacts(scenario).join(' · ')}</span>}
        </p>
        <p className="muted cmp-lede">
          {byCard
            ? `Same scenario, seed and architecture (${architecture}) in every lane; only the card differs, each as it comes (its own ports, speed, engine and memory; its profile's costs). A card that cannot run ${architecture} says so.`
            : 'Same scenario and seed in every lane; only the architecture differs.'}{' '}
          Each lane is its own simulation, stepped in lockstep, so every figure compares the same
          simulated instant. Change the scenario in the Lab.
        </p>
      </section>

      <div className="panel cmp-controls">
        <CompareByChoice />
        {byCard ? <CardChoice /> : <ArchitectureChoice />}
        <CompareTransport
          snapshot={snapshot}
          lanes={snapshot?.lanes.filter((l) => l.state.kind === 'running').length ?? 0}
          onTogglePlay={togglePlay}
          onReset={reset}
        />
        <DifferenceChoice />
      </div>

      {!parsed.ok && (
        <p className="cmp-message" role="alert">
          The lab&apos;s scenario is not valid, so there is nothing to compare. Fix it in the Lab.
        </p>
      )}
      {parsed.ok && !enough && (
        <p className="cmp-message" role="status">
          Choose at least {COMPARE_MIN} {what} to compare (at most {COMPARE_MAX}); nothing runs with{' '}
          {specs.length === 1 ? 'only one' : 'none'}.
        </p>
      )}

      {session && snapshot && (
        <>
          <LaneProblems session={session} snapshot={snapshot} />
          <SummaryTable
            lanes={snapshot.lanes}
            commonNs={snapshot.commonNs}
            baseline={compare.baseline}
            difference={difference}
            laneKind={byCard ? 'Card' : 'Architecture'}
          />
          <CompareCharts
            session={session}
            // Cards bring their own ports and speeds: no one wire limit fits every lane.
            scenario={byCard ? null : scenario}
            baseline={compare.baseline}
            difference={difference}
          />
        </>
      )}
    </main>
  );
}

/** Lanes whose worker failed or whose scenario was refused; the others carry on. */
function LaneProblems({
  session,
  snapshot,
}: {
  session: CompareSession;
  snapshot: CompareSnapshot;
}) {
  const problems = snapshot.lanes.filter(
    (l) => l.state.kind === 'failed' || l.state.kind === 'refused',
  );
  if (problems.length === 0) return null;
  return (
    <div className="cmp-problems" role="alert">
      {problems.map((lane) => (
        <div key={lane.id} className="cmp-problem">
          <span className="cmp-swatch" style={{ background: lane.color }} aria-hidden="true" />
          {lane.state.kind === 'failed' ? (
            <p>
              <strong>{lane.label} failed:</strong> {lane.state.message} The other lanes carry on
              without it.
            </p>
          ) : (
            <p>
              <strong>{lane.label} refused the scenario:</strong>{' '}
              {lane.state.kind === 'refused' ? lane.state.message : ''}
            </p>
          )}
          <button type="button" onClick={() => session.restartLane(lane.id)}>
            Restart {lane.label}
          </button>
        </div>
      ))}
    </div>
  );
}
