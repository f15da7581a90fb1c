import { INK } from '../theme.ts';

/**
 * Building blocks of exported SVG files, as strings (no DOM, so Node tests can read
 * them): the standalone document, a title, a legend. Every exported file is readable on
 * its own: xmlns, a size, a white background, the font named, no stylesheet needed.
 */

/** What an export produces: the file's text and its size in CSS pixels. */
export interface SvgDocument {
  markup: string;
  width: number;
  height: number;
}

export const EXPORT_FONT =
  "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
/** Left and right margin of an exported chart; the on-screen frame's padding plus border. */
export const EXPORT_PAD = 11;

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text or attribute value safe inside XML (labels come from scenarios and users). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

/** A coordinate or length for an attribute: at most two decimals, no "-0". */
export function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/**
 * A text width for laying out without a DOM. Deliberately generous: the file may be
 * drawn with a wide face (DejaVu Sans, the usual Linux fallback, averages ~0.6 em), so
 * layouts that use this leave room rather than let labels collide.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (/[A-Z0-9%&@#mwMW]/.test(ch)) em += 0.72;
    else if (/[ijlt.,:;|'!()[\] ]/.test(ch)) em += 0.34;
    else em += 0.6;
  }
  return em * fontSize * (bold ? 1.1 : 1);
}

export interface DocumentParts {
  width: number;
  height: number;
  /** The file's <title> (what a viewer shows as its name). */
  title: string;
  /** Optional longer text description (<desc>). */
  description?: string;
  body: string;
}

/** A standalone SVG file: xmlns, width/height/viewBox, white background, font family. */
export function svgDocument(parts: DocumentParts): SvgDocument {
  const width = Math.max(1, Math.round(parts.width));
  const height = Math.max(1, Math.round(parts.height));
  const desc = parts.description ? `<desc>${escapeXml(parts.description)}</desc>` : '';
  const markup =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="${escapeXml(EXPORT_FONT)}" font-size="11" ` +
    `fill="${INK.text}">\n` +
    `<title>${escapeXml(parts.title)}</title>${desc}\n` +
    `<rect width="100%" height="100%" fill="#ffffff"/>\n` +
    `${parts.body}\n</svg>\n`;
  return { markup, width, height };
}

const TITLE_FONT = 13;

/** How wide `titleMarkup` may draw (an estimate, see `textWidth`). */
export function titleWidth(title: string, note: string | undefined): number {
  return textWidth(title, TITLE_FONT, true) + (note ? textWidth(` ${note}`, TITLE_FONT) : 0);
}

/** The heading of an exported chart: bold title, unit or note in grey, like the screen. */
export function titleMarkup(title: string, note: string | undefined, x: number, y: number): string {
  const tail = note
    ? ` <tspan font-weight="400" fill="${INK.muted}">${escapeXml(note)}</tspan>`
    : '';
  return `<text x="${num(x)}" y="${num(y)}" font-size="${TITLE_FONT}" font-weight="600">${escapeXml(title)}${tail}</text>`;
}

export interface LegendItem {
  label: string;
  color: string;
  /** A stroked line (time series) or a filled box (stacked areas, categories). */
  swatch: 'line' | 'box';
  dash?: readonly number[];
  /** Printed bold after the label, e.g. the latest value. */
  value?: string;
  /** Toggled off on screen: drawn faded and struck through. */
  off?: boolean;
}

const LEGEND_FONT = 11;
const LEGEND_ROW = 16;
const SWATCH_W = 16;
const COLUMN_GAP = 14;

/**
 * Legend entries in a grid of equal columns, as many as fit in `width` (aligned entries
 * read better in a figure than the screen's ragged flow); returns its height.
 */
export function legendMarkup(
  items: readonly LegendItem[],
  x: number,
  y: number,
  width: number,
): { markup: string; height: number } {
  if (items.length === 0) return { markup: '', height: 0 };
  const entryWidth = (item: LegendItem): number =>
    SWATCH_W +
    4 +
    textWidth(item.label, LEGEND_FONT) +
    (item.value ? textWidth(` ${item.value}`, LEGEND_FONT, true) : 0) +
    COLUMN_GAP;
  const column = Math.max(...items.map(entryWidth));
  const columns = Math.max(1, Math.min(items.length, Math.floor((width + COLUMN_GAP) / column)));
  const parts = items.map((item, i) => {
    const cx = x + (i % columns) * column;
    const cy = y + Math.floor(i / columns) * LEGEND_ROW;
    const swatch =
      item.swatch === 'box'
        ? `<rect x="${num(cx + 1)}" y="${num(cy - 4)}" width="14" height="8" fill="${escapeXml(item.color)}"/>`
        : `<line x1="${num(cx + 1)}" x2="${num(cx + 15)}" y1="${num(cy)}" y2="${num(cy)}" stroke="${escapeXml(item.color)}" stroke-width="2"${dashAttr(item.dash)}/>`;
    const value = item.value ? ` <tspan font-weight="600">${escapeXml(item.value)}</tspan>` : '';
    const off = item.off ? ' opacity="0.4" text-decoration="line-through"' : '';
    return (
      `<g${off}>${swatch}<text x="${num(cx + SWATCH_W + 4)}" y="${num(cy)}" dominant-baseline="central">` +
      `${escapeXml(item.label)}${value}</text></g>`
    );
  });
  return {
    markup: `<g class="legend">${parts.join('')}</g>`,
    height: Math.ceil(items.length / columns) * LEGEND_ROW,
  };
}

/** ` stroke-dasharray="4 3"` for a dash pattern, nothing for a solid line. */
export function dashAttr(dash: readonly number[] | undefined): string {
  return dash && dash.length > 0 ? ` stroke-dasharray="${dash.map(num).join(' ')}"` : '';
}
