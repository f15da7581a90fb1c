import type { Scheduler, Timer } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';

/**
 * What the connection's transmit timer is counting down, as Linux's icsk_pending: the
 * retransmission timeout (SYN, SYN-ACK or data) or the zero-window probe. (TIME_WAIT is
 * timed by the stack's record of it: tcp/time-wait.ts.)
 * They never run at once, so one scheduler timer serves them all (Linux keeps RTO and
 * probe0 on icsk_retransmit_timer for the same reason).
 */
export type TransmitTimerKind = 'retransmit' | 'probe';

export interface TransmitTimerHandlers {
  retransmit(): void;
  probe(): void;
}

/**
 * A connection's timers (gem5 style: named, cancellable, one field each): the transmit
 * timer above and the delayed-ACK timer. Two scheduler timers per connection.
 */
export class ConnectionTimers {
  readonly delayedAck: Timer;
  private readonly transmit: Timer;
  private kind: TransmitTimerKind = 'retransmit';

  constructor(
    private readonly scheduler: Scheduler,
    tag: string,
    handlers: TransmitTimerHandlers,
    onDelayedAck: () => void,
  ) {
    this.transmit = scheduler.timer(`${tag} transmit`, () => {
      switch (this.kind) {
        case 'retransmit':
          handlers.retransmit();
          return;
        case 'probe':
          handlers.probe();
          return;
      }
    });
    this.delayedAck = scheduler.timer(`${tag} delayed-ack`, onDelayedAck);
  }

  /** Arms `kind` to fire at `at`, replacing whatever the transmit timer counted. */
  arm(kind: TransmitTimerKind, at: Nanoseconds): void {
    this.kind = kind;
    this.transmit.arm(at);
  }

  armAfter(kind: TransmitTimerKind, delay: Nanoseconds): void {
    this.arm(kind, this.scheduler.now + delay);
  }

  isArmed(kind: TransmitTimerKind): boolean {
    return this.transmit.armed && this.kind === kind;
  }

  /** Stops `kind` if that is what runs. */
  cancel(kind: TransmitTimerKind): void {
    if (this.kind === kind) this.transmit.cancel();
  }

  cancelAll(): void {
    this.transmit.cancel();
    this.delayedAck.cancel();
  }

  /** The connection is closed for good: both timers go back to the scheduler. */
  release(): void {
    this.scheduler.release(this.transmit);
    this.scheduler.release(this.delayedAck);
  }
}
