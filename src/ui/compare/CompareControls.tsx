import { useId } from 'react';
import { NIC_PROFILE_IDS, NIC_PROFILES } from '../../protocol/model-card.ts';
import { ARCHITECTURE_SUMMARIES } from '../architectures.ts';
import { SpeedSelect } from '../controls/SpeedSelect.tsx';
import { behindAdvice, formatSpeed } from '../controls/speed.ts';
import { useLab } from '../state/store.ts';
import { ARCHITECTURE_COLORS, PROFILE_COLORS } from '../theme.ts';
import { COMPARE_MAX, laneIds } from './compare-slice.ts';
import type { CompareSnapshot } from './compare-session.ts';

/** Whether the lanes differ by architecture or by card (NIC profile). */
export function CompareByChoice() {
  const by = useLab((s) => s.compare.by);
  const setBy = useLab((s) => s.setCompareBy);
  return (
    <fieldset className="cmp-by">
      <legend>Lanes by</legend>
      <label>
        <input
          type="radio"
          name="cmp-by"
          checked={by === 'architecture'}
          onChange={() => setBy('architecture')}
        />
        Architecture
      </label>
      <label>
        <input type="radio" name="cmp-by" checked={by === 'card'} onChange={() => setBy('card')} />
        Card
      </label>
    </fieldset>
  );
}

/** Ticks for the cards compared (2–5), each running the lab's architecture. */
export function CardChoice() {
  const chosen = useLab((s) => s.compare.profiles);
  const toggle = useLab((s) => s.toggleCompareProfile);
  return (
    <fieldset className="cmp-archs">
      <legend>Cards</legend>
      {NIC_PROFILE_IDS.map((id) => {
        const on = chosen.includes(id);
        return (
          <label key={id} className="cmp-arch" title={NIC_PROFILES[id].name}>
            <input
              type="checkbox"
              checked={on}
              disabled={!on && chosen.length >= COMPARE_MAX}
              onChange={(e) => toggle(id, e.target.checked)}
            />
            <span
              className="cmp-swatch"
              style={{ background: PROFILE_COLORS[id] }}
              aria-hidden="true"
            />
            {id}
          </label>
        );
      })}
    </fieldset>
  );
}

/** Ticks for the architectures compared (2–5). */
export function ArchitectureChoice() {
  const chosen = useLab((s) => s.compare.architectures);
  const toggle = useLab((s) => s.toggleCompareArchitecture);
  return (
    <fieldset className="cmp-archs">
      <legend>Architectures</legend>
      {ARCHITECTURE_SUMMARIES.map((a) => {
        const on = chosen.includes(a.id);
        return (
          <label key={a.id} className="cmp-arch" title={`${a.title}: ${a.summary}`}>
            <input
              type="checkbox"
              checked={on}
              disabled={!on && chosen.length >= COMPARE_MAX}
              onChange={(e) => toggle(a.id, e.target.checked)}
            />
            <span
              className="cmp-swatch"
              style={{ background: ARCHITECTURE_COLORS[a.id] }}
              aria-hidden="true"
            />
            {a.id}
          </label>
        );
      })}
    </fieldset>
  );
}

/** Play/pause, reset, speed, the common simulated time and the pace the slowest lane allows. */
export function CompareTransport({
  snapshot,
  lanes,
  onTogglePlay,
  onReset,
}: {
  snapshot: CompareSnapshot | null;
  lanes: number;
  onTogglePlay(): void;
  onReset(): void;
}) {
  const speed = useLab((s) => s.compareSpeed);
  const setSpeed = useLab((s) => s.setCompareSpeed);
  const playing = snapshot?.playing ?? false;
  const disabled = snapshot === null;
  return (
    <div className="cmp-transport" role="group" aria-label="Compare controls">
      <button type="button" onClick={onTogglePlay} disabled={disabled}>
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span> {playing ? 'Pause' : 'Play'}
      </button>
      <button
        type="button"
        onClick={onReset}
        disabled={disabled}
        title="Every lane back to t = 0 with the same scenario and seed"
      >
        Reset
      </button>
      <SpeedSelect speed={speed} onChange={setSpeed} />
      <output className="sim-time" aria-label="Simulated time">
        t = {((snapshot?.commonNs ?? 0) / 1e9).toFixed(3)} s
      </output>
      <span
        className={snapshot?.behind ? 'achieved achieved--behind' : 'achieved'}
        aria-label="Achieved speed"
      >
        {paceText(snapshot, lanes)}
      </span>
    </div>
  );
}

function paceText(snapshot: CompareSnapshot | null, lanes: number): string {
  if (!snapshot) return '';
  if (!snapshot.playing) return 'paused';
  const achieved = snapshot.achievedSpeed;
  if (achieved === null) return 'starting…';
  const rate = `running at ${formatSpeed(achieved)}, paced by the slowest of ${lanes} lane${lanes === 1 ? '' : 's'}`;
  if (snapshot.speed === 'max') return `${rate} (as fast as possible)`;
  return snapshot.behind ? `${rate}: ${behindAdvice(achieved, snapshot.speed)}` : rate;
}

/** The difference view's switch and its baseline. */
export function DifferenceChoice() {
  const baselineId = useId();
  const compare = useLab((s) => s.compare);
  const difference = useLab((s) => s.compareDifference);
  const setDifference = useLab((s) => s.setCompareDifference);
  const setBaseline = useLab((s) => s.setCompareBaseline);
  return (
    <div className="cmp-difference" role="group" aria-label="Difference view">
      <label>
        <input
          type="checkbox"
          checked={difference}
          onChange={(e) => setDifference(e.target.checked)}
        />
        Difference vs baseline
      </label>
      <label htmlFor={baselineId}>Baseline</label>
      <select
        id={baselineId}
        value={compare.baseline}
        onChange={(e) => setBaseline(e.target.value)}
      >
        {laneIds(compare).map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
    </div>
  );
}
