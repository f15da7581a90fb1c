import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { EXPORT_SNAPLEN, type ExportRequest } from '../../protocol/messages.ts';
import { seriesStore } from '../state/series-store.ts';
import { sendToWorker, useLab } from '../state/store.ts';
import { download } from './download.ts';
import { abandonExports, startExport, useExportJobs, type ExportJob } from './export-jobs.ts';
import { seriesCsv } from './series-csv.ts';
import './export-menu.css';

/** How long "Saved …" stays under the button. */
const SAVED_MESSAGE_MS = 8000;

interface Item {
  label: string;
  run(): void;
  /** A worker-built file under way for this item. */
  job?: ExportJob;
}

function timeSeriesCsv(): string {
  const series = seriesStore.series;
  const view = seriesStore.view(
    series.map((s) => [s.id, { id: s.id, label: s.label, unit: s.unit, color: '#000' }] as const),
  );
  const w = view.read();
  return seriesCsv(series, w.t, w.values, w.length);
}

/**
 * Export what the lab shows: the scenario as written, the results JSON and the pcaps of
 * the session so far (built in the worker by replaying the session from t = 0, with
 * progress), and every time series the page holds as CSV. A menu button (ARIA menu
 * pattern: arrows move, Escape closes).
 */
export function ExportMenu() {
  const [open, setOpen] = useState(false);
  const input = useLab((s) => s.input);
  const architecture = useLab((s) => s.scenario?.architecture ?? 'host-stack');
  const ports = useLab((s) => s.scenario?.nic.ports ?? 0);
  const ready = useLab((s) => s.health === 'running' && s.scenario !== null);
  const jobs = useExportJobs();
  const ids = { button: useId(), menu: useId(), note: useId() };
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const stem = `offload-lab-${architecture}`;

  const fromWorker = (what: ExportRequest, label: string, fileName: string): Item => ({
    label,
    job: jobs.find((j) => j.label === label && j.state === 'preparing'),
    run: () => startExport(sendToWorker, what, label, fileName),
  });
  const items: Item[] = [
    {
      label: 'Scenario (JSON)',
      run: () => download(`${stem}-scenario.json`, `${JSON.stringify(input, null, 2)}\n`, 'json'),
    },
    fromWorker({ kind: 'results' }, 'Results (JSON)', `${stem}-results.json`),
    {
      label: 'Time series (CSV)',
      run: () => download(`${stem}-series.csv`, timeSeriesCsv(), 'csv'),
    },
    ...Array.from({ length: ports }, (_, port) =>
      fromWorker({ kind: 'pcap', port }, `pcap, port ${port}`, `${stem}-port${port}.pcap`),
    ),
  ];

  useEffect(() => {
    if (!ready) abandonExports('the simulation worker stopped before the file was ready');
  }, [ready]);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>): void => {
    const all = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = all.indexOf(document.activeElement as HTMLElement);
    const focus = (i: number) => all[(i + all.length) % all.length]?.focus();
    switch (e.key) {
      case 'ArrowDown':
        focus(at + 1);
        break;
      case 'ArrowUp':
        focus(at - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(all.length - 1);
        break;
      case 'Escape':
        setOpen(false);
        button.current?.focus();
        break;
      case 'Tab':
        setOpen(false);
        return;
      default:
        return;
    }
    e.preventDefault();
  };

  const latest = jobs.at(-1);
  const [dismissed, setDismissed] = useState(0);
  // A saved file's message goes after a while; a failure stays until dismissed.
  useEffect(() => {
    if (latest?.state !== 'saved') return;
    const timer = setTimeout(() => setDismissed(latest.id), SAVED_MESSAGE_MS);
    return () => clearTimeout(timer);
  }, [latest?.id, latest?.state]);
  const status = latest && latest.id !== dismissed ? latest : null;
  return (
    <div className="export" ref={root}>
      <button
        id={ids.button}
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={ids.menu}
        disabled={!ready}
        onClick={() => setOpen((o) => !o)}
      >
        Export<span aria-hidden="true"> ▾</span>
      </button>
      <div className="export__popup" hidden={!open}>
        <ul
          id={ids.menu}
          ref={menu}
          role="menu"
          aria-labelledby={ids.button}
          aria-describedby={ids.note}
          onKeyDown={onMenuKey}
        >
          {items.map((item) => (
            <li key={item.label} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                aria-disabled={item.job !== undefined}
                onClick={() => {
                  if (item.job) return;
                  item.run();
                  setOpen(false);
                  button.current?.focus();
                }}
              >
                {item.label}
                {item.job && (
                  <span className="export__progress">
                    {' '}
                    preparing… {Math.floor(item.job.progress * 100)} %
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
        <p id={ids.note} className="export__note">
          Results and pcaps cover the session from t = 0 to now: the worker replays it (same seed,
          events fired at the same instant). pcaps keep the first {EXPORT_SNAPLEN} bytes of each
          frame (every header); the command line writes whole frames.
        </p>
      </div>
      <div
        className={
          status?.state === 'failed' ? 'export__status export__status--failed' : 'export__status'
        }
        role="status"
      >
        {status && (
          <>
            {status.state === 'preparing'
              ? `${status.label}: preparing… ${Math.floor(status.progress * 100)} %`
              : status.message}
            {status.state !== 'preparing' && (
              <button
                type="button"
                className="export__dismiss"
                aria-label="Dismiss"
                onClick={() => setDismissed(status.id)}
              >
                ×
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
}
