import { useLab } from '../state/store.ts';

/** What the last change did ("Applied nic.ports = 2: the simulation restarted …"). */
export function Notice() {
  const notice = useLab((s) => s.notice);
  return (
    <p className="notice" role="status">
      {notice ?? ''}
    </p>
  );
}
