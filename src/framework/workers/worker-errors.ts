/**
 * Why a worker task failed without an answer from its task function. Both are module faults (the
 * input may be hostile, but the verdict is "the module could not finish", not a judgement of it).
 */

/** The task ran past its deadline (or its caller gave up): its thread was terminated. */
export class WorkerTaskTimeoutError extends Error {
  override readonly name = 'WorkerTaskTimeoutError';
  constructor(
    readonly task: string,
    readonly deadlineMs: number,
  ) {
    super(`worker task ${task} did not finish within ${deadlineMs} ms; its worker thread was terminated`);
  }
}

/** The pool refused or lost the task: not started, queue full, closing, or the thread died. */
export class WorkerPoolError extends Error {
  override readonly name = 'WorkerPoolError';
  constructor(
    readonly task: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`worker task ${task}: ${message}`, options);
  }
}
