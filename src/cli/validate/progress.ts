/**
 * A one-line progress indicator on stderr, drawn only for a person watching a terminal
 * (stderr is a TTY) and only when there are enough files to wait for. The line is rewritten
 * in place with \r and erased before any report line and at the end, so stdout stays clean.
 */
const ERASE = '\r\x1b[2K';

export class Progress {
  private drawn = false;

  constructor(
    private readonly stderr: { write(text: string): unknown; isTTY?: boolean },
    private readonly total: number,
    minFiles: number,
    private readonly enabled = stderr.isTTY === true && total >= minFiles,
  ) {}

  update(done: number, invalid: number): void {
    if (!this.enabled) return;
    this.stderr.write(`${ERASE}validating ${done}/${this.total} files, ${invalid} invalid`);
    this.drawn = true;
  }

  /** Erases the line (before a report line is printed, and at the end). */
  clear(): void {
    if (!this.drawn) return;
    this.stderr.write(ERASE);
    this.drawn = false;
  }
}
