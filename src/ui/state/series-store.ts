import type { SeriesInfo } from '../../protocol/messages.ts';
import { SeriesRing } from '../charts/ring-buffer.ts';
import type { SeriesColumn, SeriesSource, SeriesWindow } from '../charts/series-source.ts';

/**
 * Per-frame data lives here, outside React state: one fixed-capacity ring holding every
 * series of the current session (time in simulated seconds). Charts and readouts read
 * column views of it on the frame scheduler's tick; nothing re-renders when a batch
 * arrives. A new session replaces the ring; views created for the old one go quiet.
 */
export const RING_ROWS = 3000;

export interface SeriesStore {
  /** The session whose rows the ring holds (0 before the first). */
  readonly session: number;
  readonly series: readonly SeriesInfo[];
  begin(session: number, series: readonly SeriesInfo[]): void;
  /** Appends a transferred batch: rows × columns, column 0 = time in ns. */
  append(session: number, columns: number, rows: Float64Array): void;
  /**
   * A chart source over the named series, in the given order, drawn as the paired
   * columns; pairs whose series this session lacks are left out.
   */
  view(pairs: readonly (readonly [seriesId: string, column: SeriesColumn])[]): SeriesSource;
  /** Mean of the last `rows` values of a series (NaN when there are none). */
  recentMean(id: string, rows: number): number;
  /** Bumped by every append or new session. */
  readonly version: number;
}

const EMPTY_WINDOW: SeriesWindow = { t: new Float64Array(0), values: [], length: 0 };

/** A SeriesSource that picks columns out of the shared ring without copying. */
class ColumnView implements SeriesSource {
  private cachedAt = -1;
  private cached: SeriesWindow = EMPTY_WINDOW;

  constructor(
    private readonly ring: SeriesRing,
    private readonly indices: readonly number[],
    readonly columns: readonly SeriesColumn[],
  ) {}

  get version(): number {
    return this.ring.version;
  }

  read(): SeriesWindow {
    if (this.cachedAt !== this.ring.version) {
      const all = this.ring.read();
      this.cached = {
        t: all.t,
        values: this.indices.map((i) => all.values[i]!),
        length: all.length,
      };
      this.cachedAt = this.ring.version;
    }
    return this.cached;
  }
}

export function createSeriesStore(capacity = RING_ROWS): SeriesStore {
  let session = 0;
  let series: readonly SeriesInfo[] = [];
  let index = new Map<string, number>();
  let ring = new SeriesRing([], 2);
  let version = 0;
  const views = new Map<string, SeriesSource>();

  return {
    get session() {
      return session;
    },
    get series() {
      return series;
    },
    get version() {
      return version;
    },
    begin(next, list) {
      session = next;
      series = list;
      index = new Map(list.map((s, i) => [s.id, i]));
      ring = new SeriesRing(
        list.map((s) => ({ id: s.id, label: s.label, unit: s.unit, color: '#000' })),
        capacity,
      );
      views.clear();
      version++;
    },
    append(from, columns, rows) {
      if (from !== session || columns !== series.length + 1) return;
      for (let r = 0; r < rows.length; r += columns) {
        ring.push(rows[r]! / 1e9, rows.subarray(r + 1, r + columns));
      }
      version++;
    },
    view(pairs) {
      const key = `${session}|${pairs.map(([id, c]) => `${id}>${c.id}`).join(',')}`;
      const known = views.get(key);
      if (known) return known;
      const picked = pairs.filter(([id]) => index.has(id));
      const view = new ColumnView(
        ring,
        picked.map(([id]) => index.get(id)!),
        picked.map(([, column]) => column),
      );
      views.set(key, view);
      return view;
    },
    recentMean(id, rows) {
      const i = index.get(id);
      if (i === undefined) return NaN;
      const data = ring.read();
      const n = Math.min(rows, data.length);
      if (n === 0) return NaN;
      const col = data.values[i]!;
      let sum = 0;
      for (let k = data.length - n; k < data.length; k++) sum += col[k]!;
      return sum / n;
    },
  };
}

/** The page's series store (one per page, like the frame scheduler). */
export const seriesStore = createSeriesStore();
