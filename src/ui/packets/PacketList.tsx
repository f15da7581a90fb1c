import { useId, useRef, useState } from 'react';
import { FILTER_KEYS, FILTER_WORDS } from '../../protocol/messages.ts';
import { useLab } from '../state/store.ts';
import { countLine } from './frame-format.ts';
import { FrameTable } from './FrameTable.tsx';
import { useFrames } from './use-frames.ts';
import { useOnScreen } from './use-on-screen.ts';
import './packets.css';

const NO_ROWS: never[] = [];

/**
 * Recent frames on one port (DESIGN.md §6's capture point: the port's frames as they
 * leave, the peer's as they arrive), filtered in the worker over the port's whole ring,
 * so a reviewer can point at the exact frame — its number is the frame number in the
 * port's exported pcap. Frames sent to a MAC that no longer answers are marked.
 */
export function PacketList() {
  const ports = useLab((s) => s.scenario?.nic.ports ?? 1);
  const [chosen, setChosen] = useState(0);
  const port = Math.min(chosen, ports - 1);
  const section = useRef<HTMLElement>(null);
  const { reply, applied, error, apply } = useFrames(port, useOnScreen(section));
  const [draft, setDraft] = useState('');
  const ids = { heading: useId(), port: useId(), filter: useId(), error: useId(), hint: useId() };
  const shown = reply?.port === port ? reply : null;
  const rows = shown?.rows ?? NO_ROWS;

  return (
    <section className="panel packets" aria-labelledby={ids.heading} ref={section}>
      <div className="panel__head">
        <h2 className="panel__title" id={ids.heading}>
          Packets
        </h2>
        <div className="packets__controls">
          <label htmlFor={ids.port}>Port</label>
          <select id={ids.port} value={port} onChange={(e) => setChosen(Number(e.target.value))}>
            {Array.from({ length: ports }, (_, i) => (
              <option key={i} value={i}>
                port {i}
              </option>
            ))}
          </select>
          <form
            className="packets__filter"
            onSubmit={(e) => {
              e.preventDefault();
              apply(draft.trim());
            }}
          >
            <label htmlFor={ids.filter}>Filter</label>
            <input
              id={ids.filter}
              className={error ? 'packets__input packets__input--invalid' : 'packets__input'}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              placeholder="e.g. flags:S dir:tx stale"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={error !== null}
              aria-describedby={error ? `${ids.error} ${ids.hint}` : ids.hint}
            />
            <button type="submit">Apply</button>
          </form>
        </div>
      </div>
      {error && (
        <p id={ids.error} className="field__error packets__error" role="alert">
          {error}
        </p>
      )}
      <p id={ids.hint} className="hint packets__hint">
        Terms separated by spaces must all match; <code>!</code> negates one. Keys:{' '}
        {FILTER_KEYS.map((k) => `${k}:`).join(' ')} (numbers take &gt; &lt; &gt;= &lt;=); words:{' '}
        {FILTER_WORDS.join(' ')}; any other word searches the row.
      </p>
      <p className="packets__count">
        {shown ? countLine({ ...shown, shown: rows.length }) : `waiting for frames on port ${port}`}
        {shown && applied && (
          <>
            {' '}
            · filter <code>{applied}</code>
          </>
        )}
      </p>
      <FrameTable rows={rows} port={port} />
    </section>
  );
}
