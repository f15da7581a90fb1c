import { EventLog } from '../panels/EventLog.tsx';
import { useLab } from '../state/store.ts';

/** Scenario events, fired events, RTOs and retransmits of the running session. */
export function LogPanel() {
  const log = useLab((s) => s.log);
  return <EventLog entries={log} title="Event log" />;
}
