import type { FallbackPolicyEntity } from '../../fallback/entities/fallback-policy.entity';
import type { CatalogueEntry } from '../../catalogue/module-catalogue.service';
import type { StageCallContext } from '../../catalogue/stage-module';
import type { SqlFragment } from '../../../framework/database';
import type { StageOutcome } from '../entities/stage-result.entity';

/** Why a stage's policy fired; also the `reason` label of pipeline_fallback_total. */
export type FallbackReason = 'error' | 'timeout' | 'circuit_open' | 'module_unavailable';

/** What one stage did, filled in by the interceptors as the call goes through them. */
export interface StageRecord {
  stageId: string;
  position: number;
  moduleId: string | null;
  outcome: StageOutcome;
  fallbackUsed: boolean;
  fallbackReason: string | null;
  /** Calls into the selected module (retries included) plus the fallback call. */
  attempts: number;
  durationMs: number;
  warnings: string[];
  errors: string[];
  /** The module that ran is a fallback lacking guarantees the selected module keeps. */
  degraded: boolean;
  /** An input fault's verdict (outcome `rejected`): its kind and findings. */
  rejection: { kind: string; findings: ReadonlyArray<{ rule: string; message: string; location?: string }> } | null;
  /** Whether the policy fired and asks for a human to look at the invoice. */
  markForReview: boolean;
}

/** One stage call on its way through the interceptor chain. */
export interface StageCall {
  stageId: string;
  required: boolean;
  /** The module that runs now: the selected one, or the fallback once the policy fired. */
  entry: CatalogueEntry;
  input: unknown;
  context: StageCallContext;
  policy: FallbackPolicyEntity | null;
  record: StageRecord;
  /** A real run's pass in which stages may answer provisionally (absent otherwise). */
  pass?: ProvisionalPass;
}

/**
 * A pass of a real run in which stages may answer provisionally (StageCallContext.finish.confirm):
 * their answers hold only if the run's finishing statement confirms them. Once one has answered,
 * no module that may have an effect outside the finishing statement is called in this pass: it
 * is spoiled instead, and the run goes again from before the first answering stage, every answer
 * decided directly.
 */
export interface ProvisionalPass {
  /** The stages offered `finish.confirm` in this pass. */
  readonly stages: ReadonlySet<string>;
  /** The confirming steps of the provisional answers given so far (stage calls that succeeded). */
  readonly confirmations: Array<{ stageId: string; step: SqlFragment }>;
  /** The stage whose module would have had an effect outside the finish after a provisional answer, or null. */
  spoiled: string | null;
  /**
   * Metrics of the calls of the pass's stages (`stages`), applied once the pass's fate is known:
   * all of them when it is kept; when it is discarded, only those of stages before the point the
   * run goes on from (the others are called again, and counted then).
   */
  readonly deferred: Array<{ position: number; apply: () => void }>;
}

/** Applies a stage call's metric now, or, for a stage of a provisional pass, once the pass is kept (ProvisionalPass.deferred). */
export function countCall(call: StageCall, apply: () => void): void {
  if (call.pass?.stages.has(call.stageId)) call.pass.deferred.push({ position: call.record.position, apply });
  else apply();
}

/** A module that may have effects outside the finish was about to be called after a provisional answer: the pass stops. */
export class ProvisionalAnswerPending extends Error {
  override readonly name = 'ProvisionalAnswerPending';
}

export type Next = (call: StageCall) => Promise<unknown>;

/** Nest-style interceptor around a stage call: do something, call next, look at the result or error. */
export interface StageInterceptor {
  intercept(call: StageCall, next: Next): Promise<unknown>;
}

/** Composes interceptors outermost-first around the terminal handler (the module itself). */
export function chain(interceptors: readonly StageInterceptor[], terminal: Next): Next {
  return interceptors.reduceRight<Next>((next, interceptor) => (call) => interceptor.intercept(call, next), terminal);
}

/** The selected module is not in the running code, or an operator disabled it. */
export class ModuleUnavailableError extends Error {
  override readonly name = 'ModuleUnavailableError';
}

/** Returned instead of an output when the policy says skip_stage. */
export const SKIPPED = Symbol('stage-skipped');
