/**
 * Batch progress on stderr: a redrawn bar on a terminal, plain lines otherwise (at most one a
 * second, so a 10,000-file batch does not flood a log). Failures are always printed as they come.
 */
export class Progress {
  private lastDraw = 0;
  private readonly started = Date.now();
  private drawn = false;
  private lastDone = -1;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly tty = Boolean(stream.isTTY) && !process.env.NO_PROGRESS,
  ) {}

  /** Prints a message on its own line (keeping the bar below it on a terminal). */
  line(message: string): void {
    if (this.tty && this.drawn) this.stream.write('\r\x1b[K');
    this.stream.write(`${message}\n`);
    this.drawn = false;
  }

  update(done: number, failed: number, force = false): void {
    const now = Date.now();
    const interval = this.tty ? 100 : 1000;
    if (done === this.lastDone && !this.tty) return;
    if (!force && now - this.lastDraw < interval && done < this.total) return;
    this.lastDraw = now;
    this.lastDone = done;
    const elapsed = (now - this.started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (this.total - done) / rate : Number.NaN;
    const stats = `${done}/${this.total}${failed ? ` (${failed} failed)` : ''} ${rate.toFixed(rate < 10 ? 1 : 0)} files/s${Number.isFinite(eta) && done < this.total ? ` ETA ${formatSeconds(eta)}` : ''}`;
    if (this.tty) {
      const width = 28;
      const filled = Math.round((done / Math.max(1, this.total)) * width);
      this.stream.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor((done / Math.max(1, this.total)) * 100)}% ${stats}`);
      this.drawn = true;
    } else {
      this.stream.write(`ionscope: ${stats}\n`);
    }
  }

  finish(): void {
    if (this.tty && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}
