import type { SeriesInfo } from '../../protocol/messages.ts';
import { CPU_CATEGORY_COLORS, OKABE_ITO, RESOURCE_COLORS, type CpuCategory } from '../theme.ts';

export interface SeriesStyle {
  color: string;
  dash?: readonly number[];
}

/** Colours of the cost model's series: one per resource and CPU category, everywhere. */
const STYLES: Readonly<Record<string, SeriesStyle>> = {
  'cpu.utilisation': { color: RESOURCE_COLORS['host-cpu'] },
  'memory.utilisation': { color: RESOURCE_COLORS['memory-bus'] },
  'pci.utilisation': { color: RESOURCE_COLORS['pci-bus'] },
  'pci.efficiency': { color: RESOURCE_COLORS['pci-bus'], dash: [4, 3] },
  'card.dma': { color: RESOURCE_COLORS['nic-dma'] },
  'card.engine': { color: RESOURCE_COLORS['nic-engine'] },
  'card.memory': { color: RESOURCE_COLORS['card-memory'] },
  'copies.cpu': { color: RESOURCE_COLORS['host-cpu'] },
  'copies.memory': { color: RESOURCE_COLORS['memory-bus'] },
  'copies.pci': { color: RESOURCE_COLORS['pci-bus'] },
};

/** The style of a sampler series, or undefined to take the chart's palette. */
export function seriesStyle(info: SeriesInfo): SeriesStyle | undefined {
  const known = STYLES[info.id];
  if (known) return known;
  if (info.group === 'cpu') {
    const category = info.id.slice('cpu.'.length) as CpuCategory;
    return { color: CPU_CATEGORY_COLORS[category] ?? OKABE_ITO.black };
  }
  return undefined;
}
