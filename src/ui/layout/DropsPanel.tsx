import type { SeriesGroup } from '../../protocol/messages.ts';
import { GroupChart } from './GroupChart.tsx';

const DROP_GROUPS: readonly SeriesGroup[] = ['udp-drops'];
const TITLE = 'UDP datagrams lost, by where';

/**
 * Issue 14: a UDP receiver that cannot keep up drops, and where it drops says why — the
 * card's FIFO or ring, the socket's receive buffer, a fragment queue. Each datagram counts
 * once, where its first frame was lost. TCP workloads have no such chart: their frame
 * drops are in the data path's queues and the event log.
 */
export function DropsPanel() {
  return (
    <GroupChart
      title={TITLE}
      unit="datagrams/s"
      groups={DROP_GROUPS}
      emptyText="press play to start the simulation"
      placeholder={
        <section className="panel placeholder" aria-label={TITLE}>
          <h2 className="panel__title">{TITLE}</h2>
          <p className="hint">
            Shown with a UDP workload (udp-stream, udp-rr): datagrams lost per second at the qdisc,
            on the wire, in the card’s FIFO or ring, at the socket’s full receive buffer, or in a
            fragment queue. TCP’s frame drops are in the data path and the event log.
          </p>
        </section>
      }
    />
  );
}
