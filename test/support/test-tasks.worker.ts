/** Tasks for the WorkerPool tests, run in worker threads. */

export function echo(input: { value: string }): { value: string; inWorker: boolean } {
  const { isMainThread } = require('node:worker_threads') as typeof import('node:worker_threads');
  return { value: input.value, inWorker: !isMainThread };
}

/** Synchronous work that never ends: only terminating the thread stops it. */
export function spinForever(): never {
  for (;;) {
    // Busy on purpose.
  }
}

export function fail(): never {
  throw new Error('task failed on purpose');
}

/** Keeps allocating until the heap limit stops the thread. */
export function exhaustHeap(): number {
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array(1_000_000).fill(hoard.length));
}
