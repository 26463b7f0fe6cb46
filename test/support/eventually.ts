export interface EventuallyOptions {
  /** Fail after this long (default 5 s). */
  timeoutMs?: number;
  /** Pause between checks (default: none, next turn of the event loop). */
  intervalMs?: number;
  /** What was awaited, for the error; a function is called at the deadline (current state). */
  describe?: string | (() => string);
}

/**
 * Polls `check` until it returns a value (not undefined), or fails at the deadline. The one way
 * tests wait for something they cannot subscribe to: a condition, never a fixed sleep. A check
 * that throws fails at once (e.g. the process under test died).
 */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, options: EventuallyOptions = {}): Promise<T> {
  const { timeoutMs = 5000, intervalMs = 0, describe = 'condition' } = options;
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof describe === 'function' ? describe() : describe}`);
    await new Promise((resolve) => (intervalMs > 0 ? setTimeout(resolve, intervalMs) : setImmediate(resolve)));
  }
}
