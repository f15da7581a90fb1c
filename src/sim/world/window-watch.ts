import type { Scheduler, Timer } from '../core/scheduler.ts';
import { ms } from '../core/time.ts';
import type { Flow } from './flows.ts';

/**
 * Samples, every millisecond of simulated time, whether each sending TCP is held back
 * by a window: it has data queued beyond what is in flight, and the flight already
 * fills min(cwnd, the peer's advertised window) — or its writer waits for send-buffer
 * space although everything written is already in flight (the buffer caps the window). The bottleneck detector calls a run
 * `tcp-window` when senders spend most of the measured half so.
 */
export class WindowWatch {
  samples = 0;
  /** Sender-samples blocked by the peer's advertised (receive) window. */
  receiveWindowBlocked = 0;
  /** Sender-samples blocked by the congestion window. */
  congestionWindowBlocked = 0;
  /**
   * Sender-samples where the writer waits for socket-buffer space while TCP has nothing
   * unsent: the send buffer is what caps the window in flight.
   */
  sendBufferBlocked = 0;
  /** Sender-samples with a sender at all. */
  senderSamples = 0;
  private readonly timer: Timer;

  constructor(
    scheduler: Scheduler,
    private readonly flows: () => readonly Flow[],
  ) {
    this.timer = scheduler.timer('window-watch', () => this.sample());
  }

  start(): void {
    this.timer.armAfter(ms(1));
  }

  reset(): void {
    this.samples = 0;
    this.receiveWindowBlocked = 0;
    this.congestionWindowBlocked = 0;
    this.sendBufferBlocked = 0;
    this.senderSamples = 0;
  }

  private sample(): void {
    this.samples++;
    for (const flow of this.flows()) {
      const tcp = flow.sender;
      if (!tcp || tcp.state !== 'ESTABLISHED') continue;
      this.senderSamples++;
      const waiting = tcp.sendBufferUsed - tcp.flightSize;
      const slack = tcp.mss;
      if (waiting <= slack && flow.writer?.blocked) {
        this.sendBufferBlocked++;
        continue;
      }
      if (waiting <= 0) continue;
      if (tcp.flightSize + slack >= tcp.sndWnd && tcp.sndWnd <= tcp.cwnd)
        this.receiveWindowBlocked++;
      else if (tcp.flightSize + slack >= tcp.cwnd) this.congestionWindowBlocked++;
    }
    this.timer.armAfter(ms(1));
  }
}
