import { fallback, handleWhen } from 'cockatiel';
import type { Counter } from 'prom-client';
import type { CatalogueEntry } from '../../catalogue/module-catalogue.service';
import { isModuleFault, messageOf, reasonOf, triggers } from './failure-reason';
import { missingGuarantees } from '../../catalogue/contract-guarantees';
import { countCall, type Next, SKIPPED, type StageCall, type StageInterceptor } from './stage-call';

export interface FallbackTarget {
  /** The stage's fallback module, when it is in the code and available. */
  resolve(moduleId: string): CatalogueEntry | undefined;
  /** The fallback's settings: the selection's settings read through the fallback's own DTO. */
  settingsFor(entry: CatalogueEntry, call: StageCall): object;
}

/**
 * Applies the policy's on_failure action when its trigger conditions cover the failure (cockatiel
 * fallback policy): use_fallback runs the fallback module (through `fallbackChain`, i.e. its own
 * timeout), skip_stage skips, fail rethrows. Failures the triggers do not cover propagate as is.
 */
export class FallbackInterceptor implements StageInterceptor {
  constructor(
    private readonly target: FallbackTarget,
    private readonly fallbackChain: Next,
    private readonly fallbacks: Counter<'stage' | 'module' | 'reason'>,
  ) {}

  intercept(call: StageCall, next: Next): Promise<unknown> {
    const policy = call.policy;
    if (!policy) return next(call);
    let failure: unknown;
    const handler = fallback(
      handleWhen((error) => {
        failure = error;
        // An input fault is a verdict: another module would only hide it.
        return isModuleFault(error) && triggers(policy.triggerConditions, reasonOf(error));
      }),
      () => this.onFailure(call, failure),
    );
    return handler.execute(() => next(call));
  }

  private async onFailure(call: StageCall, failure: unknown): Promise<unknown> {
    const policy = call.policy!;
    const reason = reasonOf(failure);
    const failedModule = call.entry.definition.id;
    const record = call.record;
    record.warnings.push(`${failedModule} failed (${reason}): ${messageOf(failure)}`);
    record.markForReview ||= policy.actions.mark_for_review;
    countCall(call, () => this.fallbacks.inc({ stage: call.stageId, module: failedModule, reason }));

    if (policy.actions.on_failure === 'skip_stage') {
      record.outcome = 'skipped';
      return SKIPPED;
    }
    if (policy.actions.on_failure === 'fail' || !policy.fallbackModuleId) throw failure;
    if (policy.fallbackModuleId === failedModule) {
      throw new Error(`${messageOf(failure)}; the failing module is the stage's own fallback`);
    }
    const entry = this.target.resolve(policy.fallbackModuleId);
    if (!entry) throw new Error(`${messageOf(failure)}; fallback module ${policy.fallbackModuleId} is unavailable`);

    record.moduleId = entry.definition.id;
    record.fallbackUsed = true;
    record.fallbackReason = `${reason}: ${messageOf(failure)}`;
    record.attempts++;
    const output = await this.fallbackChain({ ...call, entry, context: { ...call.context, settings: this.target.settingsFor(entry, call) } });
    record.outcome = 'fallback';
    // Weaker guarantees than the selected module: the step is degraded (never valid, never auto-approved).
    const missing = missingGuarantees(call.entry.definition.guarantees, entry.definition.guarantees);
    if (missing.length > 0) {
      record.degraded = true;
      record.markForReview = true;
      record.warnings.push(`degraded: ${entry.definition.id} does not keep ${missing.join(', ')} of ${failedModule}`);
    }
    return output;
  }
}
