import { timeout, TimeoutStrategy } from 'cockatiel';
import type { Next, StageCall, StageInterceptor } from './stage-call';

/**
 * Fails a call slower than the policy's timeout_ms (cockatiel aggressive timeout: the caller gets
 * TaskCancelledError at once, and the module sees its context.signal aborted).
 */
export class TimeoutInterceptor implements StageInterceptor {
  intercept(call: StageCall, next: Next): Promise<unknown> {
    const ms = call.policy?.triggerConditions.timeout_ms;
    if (!ms) return next(call);
    return timeout(ms, TimeoutStrategy.Aggressive).execute(({ signal }) => next({ ...call, context: { ...call.context, signal } }));
  }
}
