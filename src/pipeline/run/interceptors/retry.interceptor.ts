import { BrokenCircuitError, ExponentialBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import type { FallbackActions } from '../../fallback/entities/fallback-policy.entity';
import { isModuleFault } from './failure-reason';
import { ModuleUnavailableError, type Next, type StageCall, type StageInterceptor } from './stage-call';

/**
 * Retries a failed call with exponential backoff and decorrelated jitter (cockatiel's default
 * generator): `attempts` retries after the first call, starting at backoff_ms. An open circuit or
 * an unavailable module is not retried: it would fail the same way at once; nor is an input
 * fault (the same input gives the same verdict).
 */
type RetrySettings = NonNullable<FallbackActions['retry']>;

export class RetryInterceptor implements StageInterceptor {
  /**
   * One policy per retry settings object (a policy entity's, unchanged until the policies are
   * reloaded, which brings new objects): cockatiel's RetryPolicy keeps no per-call state, so
   * building one (with its event emitters) per stage call was garbage.
   */
  private readonly policies = new WeakMap<RetrySettings, RetryPolicy>();

  intercept(call: StageCall, next: Next): Promise<unknown> {
    // Calls that never reached the module (open circuit, unavailable module) are not attempts.
    const counted: Next = async (c) => {
      try {
        const output = await next(c);
        c.record.attempts++;
        return output;
      } catch (error) {
        if (!(error instanceof BrokenCircuitError) && !(error instanceof ModuleUnavailableError)) c.record.attempts++;
        throw error;
      }
    };
    const settings = call.policy?.actions.retry;
    if (!settings || settings.attempts <= 0) return counted(call);
    return this.policy(settings).execute(() => counted(call));
  }

  private policy(settings: RetrySettings): RetryPolicy {
    let policy = this.policies.get(settings);
    if (!policy) {
      policy = retry(
        handleWhen((error) => isModuleFault(error) && !(error instanceof BrokenCircuitError) && !(error instanceof ModuleUnavailableError)),
        { maxAttempts: settings.attempts, backoff: new ExponentialBackoff({ initialDelay: settings.backoff_ms, maxDelay: settings.backoff_ms * 16 }) },
      );
      this.policies.set(settings, policy);
    }
    return policy;
  }
}
