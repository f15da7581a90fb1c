import { memo, useLayoutEffect, useRef, useState } from 'react';
import type { FrameSummary } from '../../protocol/messages.ts';
import { frameTime, ipPair, kindLabel, macPair } from './frame-format.ts';

/** Columns with fixed widths (px; Info takes the rest), so rows never re-lay the table. */
const COLUMNS: readonly (readonly [name: string, px: number | null])[] = [
  ['No.', 60],
  ['Time (s)', 72],
  ['Dir', 32],
  ['MAC src → dst', 330],
  ['IP:port src → dst', 212],
  ['Flags', 46],
  ['Seq', 86],
  ['Ack', 86],
  ['Win', 50],
  ['Len', 46],
  ['Frame', 54],
  ['Info', null],
];
/** Rows drawn beyond the visible ones, above and below. */
const OVERSCAN = 10;
/** A row's height until one has been measured (packets.css gives each row one line). */
const ROW_PX = 18;
/** Rows the 320 px box shows, until it has been measured. */
const VIEW_ROWS = 17;

function Row({ r, index }: { r: FrameSummary; index: number }) {
  const tcp = r.kind === 'tcp';
  return (
    <tr
      className={r.staleMac ? 'packets__row packets__row--stale' : 'packets__row'}
      aria-rowindex={index + 2}
    >
      <td className="num">{r.number}</td>
      <td className="num">{frameTime(r.timeNs)}</td>
      <td className={`packets__dir packets__dir--${r.dir}`}>{r.dir}</td>
      <td className="mono">
        {macPair(r)}
        {r.staleMac && <span className="packets__badge">stale MAC</span>}
      </td>
      <td className="mono">{ipPair(r)}</td>
      <td className="mono packets__flags" title={tcp ? undefined : kindLabel(r.kind)}>
        {tcp ? r.flags : r.kind === 'icmp' ? 'ICMP' : 'ARP'}
      </td>
      <td className="num">{r.seq ?? ''}</td>
      <td className="num">{r.ack ?? ''}</td>
      <td className="num">{r.window ?? ''}</td>
      <td className="num">{tcp ? r.payloadBytes : ''}</td>
      <td className="num">{r.frameBytes}</td>
      <td className="packets__info" title={r.info || undefined}>
        {r.info}
      </td>
    </tr>
  );
}

function Spacer({ px }: { px: number }) {
  if (px <= 0) return null;
  return (
    <tr className="packets__spacer" aria-hidden="true" style={{ height: px }}>
      <td colSpan={COLUMNS.length} />
    </tr>
  );
}

/**
 * The frames, oldest at the top; it follows the newest (at the bottom) unless the reader
 * has scrolled up to look at older ones. Only the rows in view (and a few around them)
 * are in the document, and a refresh never reads layout: a refresh replaces most rows,
 * and drawing all of them — or forcing the page's layout — a few times a second would
 * cost the page its frame rate.
 */
export const FrameTable = memo(function FrameTable({
  rows,
  port,
}: {
  rows: readonly FrameSummary[];
  port: number;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  /** Where the reader scrolled to (in rows), and whether they follow the newest frame. */
  const [view, setView] = useState({
    top: 0,
    height: VIEW_ROWS,
    rowPx: ROW_PX,
    following: true,
  });

  const scrolledFor = useRef(-1);
  useLayoutEffect(() => {
    // Setting scrollTop forces a layout, so only when the table's height changed: a full
    // table being refreshed keeps its height, and the reader stays at the bottom.
    if (!view.following || !scroller.current || scrolledFor.current === rows.length) return;
    scrolledFor.current = rows.length;
    scroller.current.scrollTop = 1e9;
  });

  const onScroll = (): void => {
    const el = scroller.current;
    if (!el) return;
    const row = el.querySelector<HTMLElement>('.packets__row');
    const rowPx = row?.offsetHeight || ROW_PX;
    const next = {
      top: Math.floor(el.scrollTop / rowPx),
      height: Math.ceil(el.clientHeight / rowPx),
      rowPx,
      following: el.scrollTop + el.clientHeight >= el.scrollHeight - 4,
    };
    const same =
      next.height === view.height &&
      next.rowPx === view.rowPx &&
      next.following === view.following &&
      (next.following || next.top === view.top);
    if (!same) setView(next);
    if (!next.following) scrolledFor.current = -1;
  };

  const { rowPx } = view;
  const top = view.following ? Math.max(0, rows.length - view.height) : view.top;
  const first = Math.max(0, top - OVERSCAN);
  const last = Math.min(rows.length, top + view.height + OVERSCAN);
  return (
    <div className="packets__scroll" ref={scroller} onScroll={onScroll} tabIndex={0}>
      <table
        className="packets__table"
        aria-label={`Frames on port ${port}`}
        aria-rowcount={rows.length + 1}
      >
        <colgroup>
          {COLUMNS.map(([name, px]) => (
            <col key={name} style={px === null ? undefined : { width: px }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map(([name]) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <Spacer px={first * rowPx} />
          {rows.slice(first, last).map((r, i) => (
            <Row key={r.number} r={r} index={first + i} />
          ))}
          <Spacer px={(rows.length - last) * rowPx} />
        </tbody>
      </table>
    </div>
  );
});
