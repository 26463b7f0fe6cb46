/**
 * What the pool and its threads share. The pool sends a thread one RunnerInput per task; when the
 * thread starts the task it stamps the task's slot in TaskStarts, a SharedArrayBuffer every thread
 * gets as its workerData, so the pool can count the deadline from that moment without a message
 * back (a message per task woke the event loop and cost both threads a postMessage).
 */
export interface RunnerInput {
  id: number;
  /** The task's slot in TaskStarts. */
  slot: number;
  filename: string;
  name: string;
  input: unknown;
}

export interface RunnerData {
  starts: Int32Array;
  /** Worker files each thread loads when it starts, before its first task (WorkerPool.preload). */
  preload: string[];
}

/** Sent once per thread by WorkerPool.start(): answered once the thread has loaded its preloads. */
export interface RunnerWarmUp {
  warmUp: true;
}

/**
 * Two int32 per slot: the task's state, then its start time. The pool writes ~id (waiting) when it
 * hands the slot to task `id`; the thread writes the start time, then swaps ~id for id (started).
 * The swap fails when the slot already belongs to another task (a thread terminated while it was
 * starting a stale one), so a task is seen as started only by its own thread.
 */
export class TaskStarts {
  readonly view: Int32Array;

  constructor(slots: number) {
    this.view = new Int32Array(new SharedArrayBuffer(8 * slots));
  }

  /** The pool: `slot` now belongs to task `id`, not started. */
  assign(slot: number, id: number): void {
    Atomics.store(this.view, 2 * slot, ~id);
  }

  /** The pool: milliseconds since task `id` started, or undefined while it waits. */
  runningFor(slot: number, id: number): number | undefined {
    if (Atomics.load(this.view, 2 * slot) !== id) return undefined;
    return (nowMs() - Atomics.load(this.view, 2 * slot + 1)) | 0;
  }
}

/** The thread: task `id` starts now. */
export function markStarted(view: Int32Array, slot: number, id: number): void {
  Atomics.store(view, 2 * slot + 1, nowMs());
  Atomics.compareExchange(view, 2 * slot, ~id, id);
}

/**
 * Milliseconds of the process's monotonic clock (the same in every thread, unlike performance.now(),
 * which counts from each thread's own start, and unlike the wall clock, which can be set), modulo
 * 2^32: differences stay exact below 24 days.
 */
function nowMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return (seconds * 1000 + Math.floor(nanoseconds / 1e6)) | 0;
}
