import { timeout, TimeoutPolicy, TimeoutStrategy } from 'cockatiel';
import type { Next, StageCall, StageInterceptor } from './stage-call';

/**
 * Fails a call slower than the policy's timeout_ms (cockatiel aggressive timeout: the caller gets
 * TaskCancelledError at once, and the module sees its context.signal aborted).
 */
export class TimeoutInterceptor implements StageInterceptor {
  private readonly policies = new Map<number, TimeoutPolicy>();

  intercept(call: StageCall, next: Next): Promise<unknown> {
    const ms = call.policy?.triggerConditions.timeout_ms;
    if (!ms) return next(call);
    return this.policy(ms).execute(({ signal }) => next({ ...call, context: { ...call.context, signal } }));
  }

  /**
   * One policy per duration (they hold no per-call state). abortOnReturn off: aborting the signal
   * of every call that returned builds a DOMException with a stack trace each time (measured at
   * about 8% of the pipeline's CPU); a call that times out is still aborted.
   */
  private policy(ms: number): TimeoutPolicy {
    let policy = this.policies.get(ms);
    if (!policy) this.policies.set(ms, (policy = timeout(ms, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false })));
    return policy;
  }
}
