/** `rejected`: an input fault, a verdict on what the caller sent (never a fallback). */
export const STAGE_OUTCOMES = ['ok', 'fallback', 'skipped', 'failed', 'rejected'] as const;
export type StageOutcome = (typeof STAGE_OUTCOMES)[number];

/**
 * What one stage did in one run: module used, fallback and why, attempts, time, findings, output.
 * Stored as an element of the run's `invoice_runs.stage_results` array (migration
 * 1795400000180-StageResultsPerRun; it was a row of `invoice_stage_results` before), checked there
 * by `stage_results_valid` (the run row's CHECK; a violation is named `invoice_runs_stage_results_valid`);
 * RunRepository reads it back in this shape.
 */
export interface StageResultEntity {
  runId: string;
  stageId: string;
  position: number;
  moduleId: string | null;
  outcome: StageOutcome;
  fallbackUsed: boolean;
  fallbackReason: string | null;
  attempts: number;
  durationMs: number;
  /** Ran on a fallback that lacks guarantees of the selected module: never valid, never auto-approved. */
  degraded: boolean;
  warnings: string[];
  errors: string[];
  output: unknown;
}
