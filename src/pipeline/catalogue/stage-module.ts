import type { SqlFragment } from '../../framework/database';

/**
 * What every stage module implementation provides. The pipeline calls `execute` with the
 * stage's input and the selection's validated settings; the contract of the stage says what the
 * input and output are.
 */
export interface StageModuleImplementation<Input = unknown, Output = unknown, Settings extends object = object> {
  execute(input: Input, context: StageCallContext<Settings>): Promise<Output>;
}

export interface StageCallContext<Settings extends object = object> {
  settings: Settings;
  tenantId: string;
  /** Configuration version the run started with. */
  configVersion: number;
  correlationId?: string;
  /** Aborted when the stage's timeout expires; long calls should honour it. */
  signal?: AbortSignal;
  /**
   * A shadow run (a candidate configuration tried on stored invoices): the module must not write
   * anything and answers as if it had. Only stages whose contract says `shadow: 'dry_run'` are
   * called this way; their modules honour it.
   */
  dryRun?: boolean;
  /**
   * A real run's finishing statement (absent in shadow runs and outside the pipeline): a module
   * whose side effect is one row that belongs with the run's result may hand it over as a step
   * instead of writing it itself. The step is a CTE body that may read the CTE `run` (`run_id`,
   * `tenant_id`, `invoice_id` of the run, present only when the result is recorded: the claim still
   * holds) and is written in the same statement and transaction as the result, or not at all. A
   * step counts only if the stage call succeeds: add it as the last act before returning.
   */
  finish?: FinishSteps;
}

/** Steps a stage call hands to the run's finishing statement (StageCallContext.finish). */
export interface FinishSteps {
  add(step: SqlFragment): void;
  /**
   * Present only when the run lets this stage answer provisionally: a real run (not a shadow
   * run), not the run's direct pass, and every module that may run after this stage declares
   * `effectsInFinishOnly` (nothing of the run leaves the process or the finishing statement
   * before the finish). The module may then answer without a statement of its own and hand over
   * the step that confirms its answer: a CTE body placed BEFORE the run's own update (so it
   * cannot read the CTE `run`), whose rows confirm the answer (one row or more: confirmed; none:
   * not). The run's result, its record's new status and every other step are written only when
   * every confirming step returned a row; otherwise the statement writes nothing of the run and
   * the pipeline runs it again from this stage (the earlier stages' results carry over), called
   * without `confirm` (it decides directly, as it would have without this). The step's own write happens either way and
   * whether or not the claim still holds, as the module's own statement would have: it must be
   * a write that is right on its own (e.g. an insert that does nothing on a conflict). Like
   * `add`, it counts only if the stage call succeeds: hand it over as the last act before returning.
   */
  confirm?(step: SqlFragment): void;
}
