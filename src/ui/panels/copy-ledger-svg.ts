import { scaleLinear } from 'd3';
import type { ScaleLinear } from 'd3';
import { fmt, INK } from '../theme.ts';
import {
  escapeXml,
  EXPORT_PAD,
  legendMarkup,
  num,
  svgDocument,
  textWidth,
  titleMarkup,
} from '../charts/svg-markup.ts';
import type { LegendItem, SvgDocument } from '../charts/svg-markup.ts';

/** Results JSON `copies` (DESIGN.md §6); each figure may be null while not modelled. */
export interface CopyFigures {
  cpuCopiesPerByte: number | null;
  memoryBusBytesPerByte: number | null;
  pciBytesPerByte: number | null;
}

export const LEDGER_ROWS: readonly { key: keyof CopyFigures; label: string; unit: string }[] = [
  { key: 'cpuCopiesPerByte', label: 'CPU copies', unit: 'copies/B' },
  { key: 'memoryBusBytesPerByte', label: 'memory-bus bytes', unit: 'B/B' },
  { key: 'pciBytesPerByte', label: 'PCI-X bytes', unit: 'B/B' },
];

/**
 * The ledger's one shared axis (all three figures are "per payload byte"): 0 to the
 * largest figure or reference, at least 1, on nice ticks; maps to 0–1 of the track.
 */
export function ledgerScale(
  copies: CopyFigures | null,
  reference: CopyFigures | null | undefined,
): ScaleLinear<number, number> {
  const all = LEDGER_ROWS.flatMap((r) => [copies?.[r.key], reference?.[r.key]]).filter(
    (v): v is number => v !== null && v !== undefined && Number.isFinite(v),
  );
  return scaleLinear()
    .domain([0, Math.max(1, ...all)])
    .nice(4)
    .range([0, 1]);
}

export interface CopyLedgerSvgInput {
  copies: CopyFigures;
  reference: CopyFigures | null | undefined;
  referenceLabel: string;
  /** e.g. "host-stack"; named in the title and the key. */
  architecture: string | undefined;
  color: string;
  nullText: string;
  /** The panel's width on screen (CSS px). */
  width: number;
}

const VALUE_W = 118;
const ROW_H = 30;
const TRACK_H = 16;

/**
 * The copy ledger as a standalone SVG: the same rows, shared axis, bars in the
 * architecture's colour, black reference markers and values as text as on screen.
 */
export function copyLedgerSvg(input: CopyLedgerSvgInput): SvgDocument {
  const { copies, reference, referenceLabel, architecture, color, width } = input;
  const x = ledgerScale(copies, reference);
  const labelW = Math.max(...LEDGER_ROWS.map((r) => textWidth(r.label, 12))) + 10;
  const trackX = EXPORT_PAD + labelW;
  const trackW = Math.max(40, width - 2 * EXPORT_PAD - labelW - VALUE_W);
  const px = (v: number): number => trackX + Math.min(1, Math.max(0, x(v))) * trackW;
  const axisY = 44;
  const firstRow = axisY + 10;
  const parts: string[] = [
    titleMarkup(
      'Copy ledger',
      `(per payload byte)${architecture ? ` · ${architecture}` : ''}`,
      EXPORT_PAD,
      18,
    ),
    `<g class="axis" fill="${INK.muted}" font-size="10" text-anchor="middle">`,
    ...x.ticks(4).map((t) => `<text x="${num(px(t))}" y="${axisY}">${escapeXml(String(t))}</text>`),
    '</g>',
  ];
  LEDGER_ROWS.forEach((r, i) => {
    const top = firstRow + i * ROW_H;
    const mid = top + TRACK_H / 2;
    const v = copies[r.key];
    const ref = reference?.[r.key];
    parts.push(`<g class="row">`);
    parts.push(
      `<text x="${EXPORT_PAD}" y="${num(mid)}" dominant-baseline="central" font-size="12">${escapeXml(r.label)}</text>`,
    );
    for (const t of x.ticks(4)) {
      parts.push(
        `<line x1="${num(px(t))}" x2="${num(px(t))}" y1="${num(top - 3)}" y2="${num(top + TRACK_H + 3)}" stroke="${INK.grid}"/>`,
      );
    }
    if (v !== null) {
      parts.push(
        `<rect class="bar" x="${num(trackX)}" y="${num(top + 2)}" width="${num(Math.max(1, px(v) - trackX))}" height="${TRACK_H - 4}" fill="${escapeXml(color)}"/>`,
      );
    }
    if (ref !== null && ref !== undefined) {
      const rx = px(ref);
      parts.push(
        `<line class="reference" x1="${num(rx)}" x2="${num(rx)}" y1="${num(top - 4)}" y2="${num(top + TRACK_H + 4)}" stroke="#000" stroke-width="2"/>` +
          `<path d="M${num(rx - 4)},${num(top - 4)}H${num(rx + 4)}L${num(rx)},${num(top + 1)}Z" fill="#000"/>`,
      );
    }
    const valueX = width - EXPORT_PAD;
    parts.push(
      `<text x="${num(valueX)}" y="${num(ref !== null && ref !== undefined ? mid - 2 : mid)}" text-anchor="end" dominant-baseline="central" font-size="12" font-weight="600">${escapeXml(v === null ? input.nullText : fmt.perByte(v, r.unit))}</text>`,
    );
    if (ref !== null && ref !== undefined) {
      parts.push(
        `<text x="${num(valueX)}" y="${num(mid + 11)}" text-anchor="end" dominant-baseline="central" font-size="10.5" fill="${INK.muted}">${escapeXml(`${referenceLabel} ${fmt.perByte(ref, r.unit)}`)}</text>`,
      );
    }
    parts.push('</g>');
  });
  let height = firstRow + LEDGER_ROWS.length * ROW_H;
  if (reference) {
    const items: LegendItem[] = [
      { label: `${referenceLabel} reference`, color: '#000', swatch: 'line' },
    ];
    if (architecture) items.push({ label: architecture, color, swatch: 'box' });
    const key = legendMarkup(items, EXPORT_PAD, height + 4, width - 2 * EXPORT_PAD);
    parts.push(key.markup);
    height += key.height + 4;
  }
  return svgDocument({
    width,
    height: height + 6,
    title: `Copy ledger (per payload byte)${architecture ? `, ${architecture}` : ''}`,
    description: LEDGER_ROWS.map(
      (r) =>
        `${r.label}: ${copies[r.key] === null ? input.nullText : fmt.perByte(copies[r.key], r.unit)}`,
    ).join('; '),
    body: parts.join('\n'),
  });
}
