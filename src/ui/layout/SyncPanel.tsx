import { useMemo } from 'react';
import { SyncTables } from '../panels/SyncTables.tsx';
import { useLab } from '../state/store.ts';
import type { ArchitectureId } from '../theme.ts';

/**
 * Q4: the host's ARP table beside the card's shadow copy, as the worker compares them
 * (a few times a second), with each card entry's status over simulated time.
 */
export function SyncPanel() {
  const architecture = useLab((s) => s.scenario?.architecture ?? 'host-stack') as ArchitectureId;
  const strategy = useLab((s) => s.scenario?.sync.strategy);
  const arp = useLab((s) => s.arp);
  const nowNs = useLab((s) => s.nowNs);
  const host = useMemo(
    () => (arp?.host ?? []).map((e) => ({ ip: e.ip, mac: e.mac, state: e.state, port: e.port })),
    [arp],
  );
  const card = useMemo(
    () =>
      arp?.card?.map((e) => ({ ip: e.ip, mac: e.mac, status: e.status })) ??
      (arp?.shadow === false ? null : []),
    [arp],
  );
  return (
    <SyncTables
      architecture={architecture}
      strategy={strategy}
      host={host}
      card={card}
      timelines={arp?.timelines ?? []}
      nowNs={Math.max(nowNs, arp?.nowNs ?? 0)}
    />
  );
}
