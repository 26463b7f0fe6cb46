import { Injectable } from '@nestjs/common';

/** The configuration version new runs bind to. */
export interface ActiveRef {
  configId: string;
  version: number;
}

/** Why new runs wait: the process has not joined the cluster's gate yet, a switch holds it, this process is activating, or its gate lease ran out. */
export type GateReason = 'joining' | 'switch' | 'activating' | 'lapsed';

/**
 * This process's admission gate: counts the invoice runs in flight here, holds new runs while it
 * is closed for any reason, and knows the version new runs bind to. ClusterGate keeps it in step
 * with the cluster's gate (configuration_gate): closed while any replica's activation waits for
 * runs to drain, reopened with the new version once the switch committed. It starts closed
 * ('joining') until the process has read the cluster's state.
 */
@Injectable()
export class RunGate {
  private inFlight = 0;
  private readonly closers = new Set<GateReason>(['joining']);
  private opened: Promise<void>;
  private release: () => void = () => undefined;
  private readonly drainWaiters = new Set<() => void>();
  private current: ActiveRef | null = null;

  constructor() {
    this.opened = new Promise((resolve) => (this.release = resolve));
  }

  get runsInFlight(): number {
    return this.inFlight;
  }

  get isClosed(): boolean {
    return this.closers.size > 0;
  }

  /** Why the gate is closed (empty when open). */
  get reasons(): GateReason[] {
    return [...this.closers];
  }

  /** The version new runs bind to (null before the process joined). */
  get active(): ActiveRef | null {
    return this.current;
  }

  /** Sets the version the next admitted runs bind to; only while the gate is closed (a switch is applied before reopening). */
  setActive(ref: ActiveRef): void {
    this.current = { ...ref };
  }

  /**
   * Waits at the gate, then counts the run and returns the version it binds to (read in the same
   * turn as the count, so no switch can come between); the caller must call `leave()` exactly once.
   */
  async enter(): Promise<ActiveRef> {
    while (this.closers.size > 0) await this.opened;
    if (!this.current) throw new Error('RunGate opened without an active version');
    this.inFlight++;
    return this.current;
  }

  leave(): void {
    if (this.inFlight === 0) throw new Error('RunGate.leave() without enter()');
    this.inFlight--;
    if (this.inFlight === 0) for (const wake of [...this.drainWaiters]) wake();
  }

  close(reason: GateReason): void {
    if (this.closers.size === 0) this.opened = new Promise((resolve) => (this.release = resolve));
    this.closers.add(reason);
  }

  open(reason: GateReason): void {
    if (!this.closers.delete(reason)) return;
    if (this.closers.size === 0) this.release();
  }

  /** Calls `callback` once no run is in flight (at once if none is); returns a function that cancels it. */
  whenDrained(callback: () => void): () => void {
    if (this.inFlight === 0) {
      callback();
      return () => undefined;
    }
    const wake = (): void => {
      this.drainWaiters.delete(wake);
      callback();
    };
    this.drainWaiters.add(wake);
    return () => this.drainWaiters.delete(wake);
  }
}
