import { download } from '../export/download.ts';
import { INK } from '../theme.ts';
import {
  escapeXml,
  EXPORT_PAD,
  legendMarkup,
  num,
  svgDocument,
  titleMarkup,
  titleWidth,
} from './svg-markup.ts';
import type { LegendItem, SvgDocument } from './svg-markup.ts';

/**
 * Saving a chart: the SVG file is the drawing itself; the PNG is that same SVG rasterised
 * by the browser at 2× (what a slide or a bug report wants), so the two always agree.
 * Everything here runs on a click, never per frame.
 */

export type ImageKind = 'png' | 'svg';

/** Device pixels per CSS pixel in exported PNGs, whatever the screen's ratio. */
export const PNG_SCALE = 2;

/** Offers `doc` as `<stem>.svg` or `<stem>.png`. */
export async function saveChart(doc: SvgDocument, stem: string, kind: ImageKind): Promise<void> {
  if (kind === 'svg') {
    download(`${stem}.svg`, doc.markup, 'svg');
    return;
  }
  download(`${stem}.png`, await svgToPng(doc, PNG_SCALE), 'png');
}

/** Rasterises a standalone SVG on a white canvas, `scale` device pixels per CSS pixel. */
export async function svgToPng(doc: SvgDocument, scale: number): Promise<Blob> {
  const image = new Image();
  // A data: URL (not a blob: URL) keeps the canvas origin-clean in every browser, so
  // toBlob is allowed.
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(doc.markup)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(doc.width * scale);
  canvas.height = Math.round(doc.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas to draw the PNG on');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))),
      'image/png',
    );
  });
}

/**
 * The computed style properties that decide how an SVG panel looks. Panels style their
 * SVG partly with CSS classes (panels.css); a file opened on its own has no stylesheet,
 * so these are written onto each element.
 */
const INLINED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'letter-spacing',
  'text-anchor',
  'dominant-baseline',
  'font-variant-numeric',
] as const;

/** Elements that are never painted; their computed style is noise. */
const UNPAINTED = new Set(['title', 'desc', 'metadata', 'style', 'script']);

/**
 * A live <svg> as markup, with the styles it has on screen inlined, placed at (x, y) in
 * an exported document at its on-screen size (its viewBox keeps the drawing's scale).
 */
export function inlineSvg(
  live: SVGSVGElement,
  x: number,
  y: number,
): {
  markup: string;
  width: number;
  height: number;
} {
  const box = live.getBoundingClientRect();
  const clone = live.cloneNode(true) as SVGSVGElement;
  const from = [live, ...live.querySelectorAll('*')];
  const to = [clone, ...clone.querySelectorAll('*')];
  from.forEach((el, i) => {
    const copy = to[i];
    if (!copy || UNPAINTED.has(el.tagName.toLowerCase())) return;
    const computed = getComputedStyle(el);
    for (const prop of INLINED) {
      const value = computed.getPropertyValue(prop);
      if (value) (copy as SVGElement).style.setProperty(prop, value);
    }
  });
  // The page's class and role mean nothing in the file; its own <title> describes it.
  clone.removeAttribute('class');
  clone.removeAttribute('role');
  clone.setAttribute('x', String(x));
  clone.setAttribute('y', String(y));
  clone.setAttribute('width', String(Math.round(box.width)));
  clone.setAttribute('height', String(Math.round(box.height)));
  return {
    markup: new XMLSerializer().serializeToString(clone),
    width: Math.round(box.width),
    height: Math.round(box.height),
  };
}

export interface PanelSvgInput {
  title: string;
  /** Grey text after the title, e.g. the architecture. */
  note?: string;
  /** A bold line under the title, e.g. the bottleneck verdict. */
  headline?: { text: string; color: string };
  /** Live drawings, stacked top to bottom at their on-screen size. */
  drawings: readonly SVGSVGElement[];
  legend?: readonly LegendItem[];
  /** A grey line at the bottom, e.g. what hatching means. */
  footnote?: string;
  description?: string;
}

/**
 * An SVG panel (data path, sync timeline) as a standalone file: its heading drawn as
 * text, then its live drawings with their styles inlined, then its key.
 */
export function panelSvg(input: PanelSvgInput): SvgDocument {
  const parts = [titleMarkup(input.title, input.note, EXPORT_PAD, 18)];
  let y = 26;
  if (input.headline) {
    parts.push(
      `<text x="${EXPORT_PAD}" y="${y + 14}" font-size="14" font-weight="700" letter-spacing="0.02em" fill="${escapeXml(input.headline.color)}">${escapeXml(input.headline.text)}</text>`,
    );
    y += 22;
  }
  let width = Math.max(200, titleWidth(input.title, input.note));
  for (const drawing of input.drawings) {
    const placed = inlineSvg(drawing, EXPORT_PAD, y + 4);
    parts.push(placed.markup);
    width = Math.max(width, placed.width);
    y += placed.height + 8;
  }
  if (input.legend && input.legend.length > 0) {
    const key = legendMarkup(input.legend, EXPORT_PAD, y + 8, width);
    parts.push(key.markup);
    y += key.height + 4;
  }
  if (input.footnote) {
    parts.push(
      `<text x="${EXPORT_PAD}" y="${num(y + 12)}" font-size="10.5" fill="${INK.muted}">${escapeXml(input.footnote)}</text>`,
    );
    y += 18;
  }
  return svgDocument({
    width: width + 2 * EXPORT_PAD,
    height: y + 6,
    title: input.note ? `${input.title} (${input.note})` : input.title,
    ...(input.description ? { description: input.description } : {}),
    body: parts.join('\n'),
  });
}
