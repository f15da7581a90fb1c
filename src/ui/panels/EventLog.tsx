import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { fmt } from '../theme.ts';
import { filterLog, logFacets, NO_FILTER } from './event-filter.ts';
import type { LogEntry, LogFilter } from './event-filter.ts';
import './panels.css';

export type { LogEntry } from './event-filter.ts';

export interface EventLogProps {
  /** Oldest first; the panel shows the newest at the bottom. */
  entries: readonly LogEntry[];
  /** At most this many matching entries are rendered (default 500). */
  maxRendered?: number;
  title?: string;
}

/**
 * Scenario events, RTOs, fallbacks and sync repairs, filterable by kind, port and text.
 * It follows new entries unless the reader has scrolled up to look at older ones.
 */
export function EventLog({ entries, maxRendered = 500, title = 'Events' }: EventLogProps) {
  const headingId = useId();
  const [filter, setFilter] = useState<LogFilter>(NO_FILTER);
  const scroller = useRef<HTMLOListElement>(null);
  const following = useRef(true);
  const { kinds, ports } = useMemo(() => logFacets(entries), [entries]);
  const { shown, matched } = useMemo(
    () => filterLog(entries, filter, maxRendered),
    [entries, filter, maxRendered],
  );
  const newest = shown[shown.length - 1];

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [newest, shown.length]);

  const onScroll = (): void => {
    const el = scroller.current;
    if (el) following.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
  };

  return (
    <section className="panel event-log" aria-labelledby={headingId}>
      <div className="panel__head">
        <h2 className="panel__title" id={headingId}>
          {title}{' '}
          <span className="panel__unit">
            ({matched === entries.length ? entries.length : `${matched} of ${entries.length}`})
          </span>
        </h2>
        <div className="event-log__filters">
          <label>
            kind{' '}
            <select
              value={filter.kind}
              onChange={(e) => setFilter({ ...filter, kind: e.target.value })}
            >
              <option value="">all</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <label>
            port{' '}
            <select
              value={filter.port === null ? '' : String(filter.port)}
              onChange={(e) =>
                setFilter({
                  ...filter,
                  port: e.target.value === '' ? null : Number(e.target.value),
                })
              }
            >
              <option value="">all</option>
              {ports.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label>
            filter{' '}
            <input
              type="search"
              value={filter.text}
              placeholder="text"
              onChange={(e) => setFilter({ ...filter, text: e.target.value })}
            />
          </label>
        </div>
      </div>
      <ol
        className="event-log__list"
        role="log"
        aria-labelledby={headingId}
        ref={scroller}
        onScroll={onScroll}
        tabIndex={0}
      >
        {shown.length === 0 && (
          <li className="muted">{entries.length === 0 ? 'no events yet' : 'no events match'}</li>
        )}
        {shown.map((e, i) => (
          <li key={`${e.timeNs}-${i}-${e.kind}`} className="event-log__entry">
            <span className="event-log__time num">{fmt.timeNs(e.timeNs)}</span>
            <span className="event-log__kind">{e.kind}</span>
            <span className="event-log__port">
              {e.port !== null && e.port >= 0 ? `port ${e.port}` : ''}
            </span>
            <span className="event-log__text">{e.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
