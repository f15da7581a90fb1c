import type { LabPanel } from '../layout/LabLayout.tsx';

/** What a walkthrough calls each lab panel when it points at it. */
export const PANEL_NAMES: Record<LabPanel, string> = {
  'data-path': 'data path',
  throughput: 'throughput per port',
  copies: 'copy ledger',
  cpu: 'CPU time by category',
  window: 'window occupancy',
  drops: 'UDP datagrams lost',
  resources: 'PCI-X, memory bus and card',
  sync: 'ARP tables',
  parameters: 'parameters',
  events: 'events',
  packets: 'packet list',
  log: 'event log',
};
