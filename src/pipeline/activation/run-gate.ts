import { Injectable } from '@nestjs/common';

/**
 * Counts invoice runs in flight in this process and holds new runs at an admission gate while a
 * configuration switch is waiting for them to drain. Runs already started finish on the version
 * they started with; runs that arrive meanwhile start on whatever is active once the gate opens.
 */
@Injectable()
export class RunGate {
  private inFlight = 0;
  private closedBy: symbol | null = null;
  private opened: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;
  private drainWaiters: Array<() => void> = [];
  private switches = 0;

  get runsInFlight(): number {
    return this.inFlight;
  }

  get isClosed(): boolean {
    return this.closedBy !== null;
  }

  /** Counts the switches this gate has been closed for: whatever was read before one may be stale. */
  get generation(): number {
    return this.switches;
  }

  /** Waits at the gate, then counts the run; the caller must call `leave()` exactly once. */
  async enter(): Promise<void> {
    while (this.closedBy) await this.opened;
    this.inFlight++;
  }

  leave(): void {
    if (this.inFlight === 0) throw new Error('RunGate.leave() without enter()');
    this.inFlight--;
    if (this.inFlight === 0) for (const wake of this.drainWaiters.splice(0)) wake();
  }

  /** Closes the gate for one switch; returns a token, or null when another switch holds it. */
  tryClose(): symbol | null {
    if (this.closedBy) return null;
    this.closedBy = Symbol('switch');
    this.switches++;
    this.opened = new Promise((resolve) => (this.open = resolve));
    return this.closedBy;
  }

  reopen(token: symbol): void {
    if (this.closedBy !== token) return;
    this.closedBy = null;
    this.switches++;
    this.open();
  }

  /** Resolves true once no run is in flight, false if that takes longer than the timeout. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.drainWaiters = this.drainWaiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      this.drainWaiters.push(wake);
    });
  }
}
