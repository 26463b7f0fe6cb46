import { Injectable } from '@nestjs/common';

/** In-process notifications that a run finished, for POST /invoices?wait=true. */
@Injectable()
export class RunWaiters {
  private readonly waiting = new Map<string, Array<() => void>>();

  /** Resolves true when the run finishes within the timeout, false otherwise. */
  wait(runId: string, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const list = this.waiting.get(runId)?.filter((f) => f !== done) ?? [];
        if (list.length > 0) this.waiting.set(runId, list);
        else this.waiting.delete(runId);
        resolve(false);
      }, timeoutMs);
      const list = this.waiting.get(runId) ?? [];
      list.push(done);
      this.waiting.set(runId, list);
    });
  }

  notify(runId: string): void {
    const list = this.waiting.get(runId);
    if (!list) return;
    this.waiting.delete(runId);
    for (const done of list) done();
  }
}
