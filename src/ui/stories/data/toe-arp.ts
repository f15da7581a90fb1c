import type { ScenarioInput, SyncStrategy } from '../../../protocol/scenario.ts';
import type { Story } from '../story-types.ts';
import { fromPreset } from './scenarios.ts';

/**
 * Story 3 (issue 6): complete offload and the ARP problem (DESIGN.md §5, Q4). One
 * full-toe connection; the peer's MAC moves (a fail-over announced by gratuitous ARP)
 * at 300 ms, under each way of keeping the card's shadow entry in sync.
 */
const MOVE_MS = 300;

function moved(strategy: SyncStrategy): ScenarioInput {
  return fromPreset('1x1g-gratuitous-arp', {
    name: `1 × 1 GbE gratuitous ARP, ${strategy} sync`,
    sync: { strategy, pollIntervalMs: 100 },
    events: [{ atMs: MOVE_MS, kind: 'gratuitous-arp', port: 0, newMac: '02:00:00:00:10:99' }],
  });
}

/** Said while the move is still to come. */
const BEFORE = {
  when: 'peerMoved',
  is: ['no'],
  then: ' (the peer has not moved yet: that happens at {garpAt})',
} as const;

export const toeArp: Story = {
  id: 'toe-arp',
  title: 'Complete offload and the ARP problem',
  question:
    'When the card keeps its own copy of the host’s ARP entries, what happens when a peer’s MAC moves?',
  steps: [
    {
      title: 'Snapshot: the card never hears of it',
      scenario: moved('snapshot'),
      panels: ['sync', 'throughput', 'log'],
      speed: 1,
      text: [
        'With full offload the card addresses frames itself, so it holds a shadow copy of the host’s ARP entry for each connection. Under the snapshot strategy the copy is taken when the connection is offloaded and never updated.',
        [
          'At {garpAt} the peer fails over to a new MAC and announces it with a gratuitous ARP. The host’s table says {hostMac}; the card’s says {cardMac}, and the card’s entry is {cardEntry}',
          BEFORE,
          { when: 'cardEntry', is: ['stale'], then: ', for {staleMs} so far' },
          '.',
        ],
        'Frames to the old MAC are lost on the wire: goodput is {goodput}, and TCP has had {timeouts} retransmission timeouts, each waiting twice as long as the last. Nothing will ever tell the card.',
      ],
    },
    {
      title: 'Poll: stale until the next read',
      scenario: moved('poll'),
      panels: ['sync', 'throughput', 'log'],
      speed: 1,
      text: [
        [
          'The card re-reads the host’s entries over the bus every {pollMs}. The card’s entry is {cardEntry}',
          BEFORE,
          '; it has been stale for {staleMs} in all — the time from the move to the next poll.',
        ],
        'Goodput is {goodput}. TCP lost what it sent while the entry was stale and needed {timeouts} retransmission timeout(s) to recover. Polling costs a bus read and host cycles every interval, change or not; a shorter interval trades that for less staleness.',
      ],
    },
    {
      title: 'Push: the host tells the card',
      scenario: moved('push'),
      panels: ['sync', 'log', 'throughput'],
      speed: 1,
      text: [
        [
          'The host driver writes every change to the card’s mailbox as it happens. The card’s entry is {cardEntry}',
          BEFORE,
          ', and it was stale for only {staleMs}: the time the mailbox write takes.',
        ],
        'Even so, the frames already queued for the wire when the peer moved carry the old MAC and are lost; TCP had {timeouts} retransmission timeout(s) and goodput is back to {goodput}. No sync strategy can recall a frame already on its way. The cost of push is one mailbox write and a few host cycles per change — none when nothing changes.',
      ],
    },
    {
      title: 'Card ARP: two caches',
      scenario: moved('card-arp'),
      panels: ['sync', 'packets', 'log'],
      speed: 1,
      text: [
        [
          'Now the card runs ARP itself: it resolves the peer with its own request (beside the host’s, on the same wire) and hears the gratuitous ARP like the host does. The card’s entry is {cardEntry}',
          BEFORE,
          '; it was stale for {staleMs}.',
        ],
        'That is as fresh as push, with goodput at {goodput} — but there are now two ARP caches, each with its own timers and its own requests on the wire, and nothing keeps them in agreement: each knows only what it has heard. (Routes still come from the host by mailbox: the card runs no routing protocol.)',
      ],
    },
  ],
};
