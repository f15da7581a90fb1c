/**
 * Progress on stderr while a run is simulated. A terminal gets one line rewritten in
 * place; a pipe or a CI log gets a line each time another tenth is done, so a long run
 * adds at most ten lines to a log.
 */
export class ProgressReporter {
  /** Last percent (TTY) or tenth (pipe) reported; -1 before the first report. */
  private last = -1;
  private wroteLine = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly isTTY: boolean,
  ) {}

  update(simulatedMs: number, totalMs: number): void {
    if (!(totalMs > 0)) return;
    const fraction = Math.min(1, Math.max(0, simulatedMs / totalMs));
    const text = `simulated ${formatMs(simulatedMs)}/${formatMs(totalMs)} ms`;
    if (this.isTTY) {
      const percent = Math.floor(fraction * 100);
      if (percent === this.last) return;
      this.last = percent;
      // \x1b[K clears what a longer previous line left behind.
      this.write(`\r${text} (${percent} %)\x1b[K`);
      this.wroteLine = true;
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth <= this.last || tenth === 0) return;
    this.last = tenth;
    this.write(`${text}\n`);
  }

  /** Ends the updating line so later output starts on a fresh one. */
  finish(): void {
    if (this.isTTY && this.wroteLine) this.write('\n');
    this.wroteLine = false;
  }
}

function formatMs(ms: number): string {
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(1);
}
