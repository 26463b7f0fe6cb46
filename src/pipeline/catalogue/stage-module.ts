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
}
