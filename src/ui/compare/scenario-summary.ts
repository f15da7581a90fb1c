import { format } from 'd3';
import type { BusKind, Scenario } from '../../protocol/scenario.ts';

const BUS_LABELS: Readonly<Record<BusKind, string>> = {
  'pci-66': 'PCI 66',
  'pcix-133': 'PCI-X 133',
  'pcix-266': 'PCI-X 266',
  'pcix-533': 'PCI-X 533',
};

const g = format(',~g');

/** "1 GbE", "10 GbE", "100 Mbit/s". */
function portSpeed(mbps: number): string {
  return mbps >= 1000 && mbps % 1000 === 0 ? `${g(mbps / 1000)} GbE` : `${g(mbps)} Mbit/s`;
}

/** "bulk-send, 1 connection per port, 65,536 B messages"; UDP says which way, at what rate. */
function workloadFact(s: Scenario): string {
  const w = s.workload;
  const n = w.connectionsPerPort;
  if (w.kind === 'udp-stream') {
    const rate = w.rateMbps === null ? 'as fast as possible' : `${g(w.rateMbps)} Mbit/s each`;
    return `udp-stream ${w.direction}, ${n} flow${n === 1 ? '' : 's'} per port, ${format(',')(w.messageBytes)} B datagrams, ${rate}`;
  }
  if (w.kind === 'udp-rr') {
    return `udp-rr, ${n} flow${n === 1 ? '' : 's'} per port, ${format(',')(w.requestBytes)} B requests, ${format(',')(w.responseBytes)} B responses`;
  }
  return `${w.kind}, ${n} connection${n === 1 ? '' : 's'} per port, ${format(',')(w.messageBytes)} B messages`;
}

/**
 * The scenario a comparison runs, in one line of facts a reviewer checks first:
 * "4 × 1 GbE · MTU 1500 · RTT 100 µs · PCI-X 133 · 1 × 2.4 GHz CPU · bulk-send, 1 connection
 * per port, 65,536 B messages · seed 1". The architecture is left out: each lane has its own.
 */
export function scenarioFacts(s: Scenario): string[] {
  const facts = [
    `${s.nic.ports} × ${portSpeed(s.nic.portSpeedMbps)}`,
    `MTU ${s.link.mtu}`,
    `RTT ${g(s.link.rttUs)} µs`,
    BUS_LABELS[s.bus.kind],
    `${s.host.cpus} × ${g(s.host.cpuGhz)} GHz CPU`,
    workloadFact(s),
  ];
  if (s.link.lossRate > 0) facts.push(`loss ${g(s.link.lossRate)} per frame`);
  if (s.events.length > 0) {
    facts.push(`${s.events.length} scripted event${s.events.length === 1 ? '' : 's'}`);
  }
  facts.push(`seed ${s.seed}`);
  return facts;
}
