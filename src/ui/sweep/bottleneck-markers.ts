import {
  symbol,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTriangle,
  symbolWye,
  type SymbolType,
} from 'd3';
import type { Bottleneck } from '../../protocol/sweep-messages.ts';

/**
 * A sweep point's marker says what limited it: one shape per bottleneck, in the
 * architecture's colour. Shapes, not colours, because colour already names the
 * architecture; "none" and "not decided" are hollow (nothing saturated).
 */
interface Marker {
  type: SymbolType;
  /** Area in px² at full size; shapes with thin arms get more to look as heavy. */
  area: number;
  hollow: boolean;
}

const MARKERS: Readonly<Record<Bottleneck, Marker>> = {
  wire: { type: symbolCircle, area: 120, hollow: false },
  'host-cpu': { type: symbolSquare, area: 100, hollow: false },
  'memory-bus': { type: symbolDiamond, area: 115, hollow: false },
  'pci-bus': { type: symbolTriangle, area: 125, hollow: false },
  'nic-dma': { type: symbolTriangle, area: 125, hollow: true },
  'nic-engine': { type: symbolStar, area: 150, hollow: false },
  'card-memory': { type: symbolWye, area: 130, hollow: false },
  'tcp-window': { type: symbolCross, area: 125, hollow: false },
  none: { type: symbolCircle, area: 95, hollow: true },
};

const UNDECIDED: Marker = { type: symbolDiamond, area: 95, hollow: true };

/** Legend order: the resources as the data path runs, then "none". */
export const BOTTLENECK_ORDER: readonly Bottleneck[] = [
  'host-cpu',
  'memory-bus',
  'pci-bus',
  'nic-dma',
  'nic-engine',
  'card-memory',
  'wire',
  'tcp-window',
  'none',
];

export function markerOf(bottleneck: Bottleneck | null): Marker {
  return bottleneck === null ? UNDECIDED : MARKERS[bottleneck];
}

/** The marker's outline as SVG path data, centred on (0, 0); `scale` shrinks it (the CPU panel). */
export function markerPath(bottleneck: Bottleneck | null, scale = 1): string {
  const marker = markerOf(bottleneck);
  return symbol(marker.type, marker.area * scale * scale)() ?? '';
}
