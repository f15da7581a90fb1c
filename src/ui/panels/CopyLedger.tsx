import { useId, useRef } from 'react';
import { ExportButtons } from '../charts/ExportButtons.tsx';
import { fileStem } from '../export/download.ts';
import { ARCHITECTURE_COLORS, fmt, INK } from '../theme.ts';
import type { ArchitectureId } from '../theme.ts';
import { copyLedgerSvg, LEDGER_ROWS as ROWS, ledgerScale } from './copy-ledger-svg.ts';
import type { CopyFigures } from './copy-ledger-svg.ts';
import './panels.css';

export type { CopyFigures } from './copy-ledger-svg.ts';

export interface CopyLedgerProps {
  /** The running architecture's figures; null = the copy ledger is not modelled yet. */
  copies: CopyFigures | null;
  /** The host-stack figures for the same scenario, drawn as a reference marker. */
  reference?: CopyFigures | null;
  referenceLabel?: string;
  /** Colours the bars with the architecture's colour. */
  architecture?: ArchitectureId;
  /** What a null figure says (default "not modelled yet"). */
  nullText?: string;
}

const pct = (f: number): string => `${Math.min(100, Math.max(0, f * 100))}%`;

/**
 * Q2 of DESIGN.md §1: what each delivered payload byte costs in CPU copies, memory-bus
 * bytes and PCI-X bytes. One shared axis (all three are "per payload byte"), the
 * host-stack figures as a black marker, numbers as text in a real table.
 */
export function CopyLedger({
  copies,
  reference,
  referenceLabel = 'host-stack',
  architecture,
  nullText = 'not modelled yet',
}: CopyLedgerProps) {
  const headingId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const color = architecture ? ARCHITECTURE_COLORS[architecture] : INK.text;
  const x = ledgerScale(copies, reference);
  const ticks = x.ticks(4);
  const buildSvg = () =>
    copies === null || !sectionRef.current
      ? null
      : copyLedgerSvg({
          copies,
          reference,
          referenceLabel,
          architecture,
          color,
          nullText,
          width: sectionRef.current.getBoundingClientRect().width,
        });

  return (
    <section className="panel copy-ledger" aria-labelledby={headingId} ref={sectionRef}>
      <div className="panel__head">
        <h2 className="panel__title" id={headingId}>
          Copy ledger <span className="panel__unit">(per payload byte)</span>
        </h2>
        {copies !== null && (
          <ExportButtons
            name="Copy ledger"
            stem={fileStem(`copy-ledger ${architecture ?? ''}`)}
            build={buildSvg}
          />
        )}
      </div>
      {copies === null ? (
        <p className="not-modelled">Copy ledger: not modelled yet</p>
      ) : (
        <>
          <div className="ledger" role="table" aria-label="Copies per payload byte">
            <div className="ledger__row ledger__row--axis" role="row" aria-hidden="true">
              <span />
              <span className="ledger__scale">
                {ticks.map((t) => (
                  <span key={t} className="ledger__tick" style={{ left: pct(x(t)) }}>
                    {t}
                  </span>
                ))}
              </span>
              <span />
            </div>
            {ROWS.map((r) => {
              const v = copies[r.key];
              const ref = reference?.[r.key];
              return (
                <div key={r.key} className="ledger__row" role="row">
                  <span role="rowheader" className="ledger__label">
                    {r.label}
                  </span>
                  <span className="ledger__track" aria-hidden="true">
                    {ticks.map((t) => (
                      <span key={t} className="ledger__grid" style={{ left: pct(x(t)) }} />
                    ))}
                    {v !== null && (
                      <span
                        className="ledger__bar"
                        style={{ width: pct(x(v)), background: color }}
                      />
                    )}
                    {ref !== null && ref !== undefined && (
                      <span className="ledger__ref" style={{ left: pct(x(ref)) }} />
                    )}
                  </span>
                  <span role="cell" className="ledger__value">
                    <strong className="num">
                      {v === null ? nullText : fmt.perByte(v, r.unit)}
                    </strong>
                    {ref !== null && ref !== undefined && (
                      <span className="muted num">
                        {referenceLabel} {fmt.perByte(ref, r.unit)}
                      </span>
                    )}
                  </span>
                </div>
              );
            })}
          </div>
          {reference && (
            <p className="ledger__key">
              <span className="ledger__key-mark" aria-hidden="true" /> {referenceLabel} reference
              {architecture ? (
                <>
                  {' · '}
                  <span className="swatch" style={{ background: color }} aria-hidden="true" />
                  {architecture}
                </>
              ) : null}
            </p>
          )}
        </>
      )}
    </section>
  );
}
