import { useState } from 'react';
import { saveChart } from './chart-export.ts';
import type { ImageKind } from './chart-export.ts';
import type { SvgDocument } from './svg-markup.ts';
import './charts.css';

export interface ExportButtonsProps {
  /** What is exported, in the buttons' names: "Export {name} as PNG". */
  name: string;
  /** File name without extension (see `fileStem`). */
  stem: string;
  /** Draws the chart as it is now; called on click only. Null: nothing to export. */
  build: () => SvgDocument | null;
}

const KINDS: readonly ImageKind[] = ['png', 'svg'];

/**
 * The "PNG" / "SVG" pair in a chart's header. Small and quiet: they are for the moment
 * a reader wants a figure, not for every glance.
 */
export function ExportButtons({ name, stem, build }: ExportButtonsProps) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  const save = async (kind: ImageKind): Promise<void> => {
    setFailed(null);
    const doc = build();
    if (!doc) return;
    setBusy(true);
    try {
      await saveChart(doc, stem, kind);
    } catch (e) {
      setFailed(
        `${kind.toUpperCase()} export failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="export-buttons" role="group" aria-label={`Export ${name}`} aria-busy={busy}>
      {KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          className="export-buttons__button"
          aria-label={`Export ${name} as ${kind.toUpperCase()}`}
          title={`Save ${name} as ${kind.toUpperCase()}`}
          onClick={() => void save(kind)}
        >
          {kind.toUpperCase()}
        </button>
      ))}
      {failed && (
        <span className="export-buttons__error" role="status">
          {failed}
        </span>
      )}
    </span>
  );
}
