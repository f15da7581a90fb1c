import { useEffect } from 'react';
import {
  MEASURED,
  NOT_MODELLED,
  cardProfiles,
  checkRows,
  parameterRows,
  verdictText,
  type CheckRow,
} from '../../protocol/model-card.ts';
import { useLab } from '../state/store.ts';
import './model.css';

const PARAMETERS = parameterRows();
const PROFILES = cardProfiles();
const CALIBRATIONS = checkRows('calibration', MEASURED);
const VALIDATIONS = checkRows('validation', MEASURED);

/**
 * The model card (issue 13), from the same data as docs/MODEL.md: the calibrations and
 * validations with the model's values (measured by `npm run model-card`) beside the
 * published ones, every parameter with its default, unit, basis and source, every NIC
 * profile value with its source, and what is not modelled.
 */
export function ModelView() {
  const focus = useLab((s) => s.modelFocus);
  useEffect(() => {
    if (focus === null) return;
    document.getElementById(`param-${focus}`)?.scrollIntoView({ block: 'center' });
  }, [focus]);
  return (
    <main className="view model-view" aria-label="Model card">
      <section className="panel" aria-labelledby="model-heading">
        <h2 id="model-heading">Model card</h2>
        <p className="muted">
          What every number in this lab stands on. The same card is <code>docs/MODEL.md</code>,
          written by <code>npm run model-card</code>, which runs each check below; the tests fail
          when either is out of date. Calibrations are what a cost was fitted to (they prove nothing
          alone); validations are published results the model was not fitted to.
        </p>
      </section>
      <ChecksTable caption="Calibrations" rows={CALIBRATIONS} fitted />
      <ChecksTable caption="Validations" rows={VALIDATIONS} />
      <section className="panel" aria-labelledby="parameters-card-heading">
        <h2 id="parameters-card-heading">Parameters</h2>
        <p className="muted">
          Every cost the model charges; a scenario&apos;s <code>costs</code> overrides any of them,
          and a NIC profile sets some (below).
        </p>
        <div className="model-scroll">
          <table className="model-table" aria-label="Parameters">
            <thead>
              <tr>
                <th scope="col">parameter</th>
                <th scope="col">default</th>
                <th scope="col">unit</th>
                <th scope="col">basis</th>
                <th scope="col">source</th>
              </tr>
            </thead>
            <tbody>
              {PARAMETERS.map((p) => (
                <tr
                  key={p.key}
                  id={`param-${p.key}`}
                  className={focus === p.key ? 'model-row--focus' : undefined}
                  aria-current={focus === p.key ? 'true' : undefined}
                >
                  <th scope="row" title={p.description}>
                    <code>{p.key}</code>
                  </th>
                  <td className="num">{p.default.toLocaleString('en-US')}</td>
                  <td>{p.unit}</td>
                  <td>{p.basis}</td>
                  <td>{p.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="panel" id="profiles" aria-labelledby="profiles-heading">
        <h2 id="profiles-heading">NIC profiles</h2>
        <p className="muted">
          <code>nic.profile</code> names the card; <code>nic.*</code> and <code>costs.*</code>{' '}
          fields override it. A value marked <em>unconfirmed</em> was not found in any document we
          could read: the card under design&apos;s default stands in, so the model runs.
        </p>
        {PROFILES.map(({ profile, architectures, rows }) => (
          <details key={profile.id} className="model-profile">
            <summary>
              <code>{profile.id}</code> — {profile.name} · {profile.confidence} confidence
            </summary>
            <p>
              Driver {profile.driver}. Runs {architectures.join(', ')}. {profile.summary}
            </p>
            <table className="model-table" aria-label={`${profile.id} values`}>
              <thead>
                <tr>
                  <th scope="col">value</th>
                  <th scope="col">setting</th>
                  <th scope="col">basis</th>
                  <th scope="col">source</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.field}>
                    <th scope="row">{r.field}</th>
                    <td>{r.value}</td>
                    <td>{r.basis}</td>
                    <td>{r.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {profile.notModelled.length > 0 && (
              <ul aria-label={`${profile.id}: not modelled`}>
                {profile.notModelled.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </details>
        ))}
      </section>
      <section className="panel" aria-labelledby="not-modelled-heading">
        <h2 id="not-modelled-heading">What is not modelled</h2>
        <ul>
          {NOT_MODELLED.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </section>
    </main>
  );
}

function ChecksTable({
  caption,
  rows,
  fitted = false,
}: {
  caption: string;
  rows: CheckRow[];
  fitted?: boolean;
}) {
  return (
    <section className="panel" aria-label={caption}>
      <div className="model-scroll">
        <table className="model-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">reference</th>
              <th scope="col">published</th>
              <th scope="col">tolerance</th>
              {fitted && <th scope="col">fitted</th>}
              <th scope="col">model</th>
              <th scope="col">verdict</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.check.id}>
                <th scope="row">{r.check.id}</th>
                <td>
                  {r.check.title}
                  <div className="muted model-source">
                    {r.check.source}. {r.check.setup}.{r.check.note ? ` ${r.check.note}` : ''}
                  </div>
                </td>
                <td>{r.check.published}</td>
                <td>{r.check.tolerance}</td>
                {fitted && <td>{r.check.fitted}</td>}
                <td>{r.measured?.text ?? 'not measured'}</td>
                <td className={`model-verdict model-verdict--${verdictText(r).replace(/ /g, '-')}`}>
                  {verdictText(r)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
