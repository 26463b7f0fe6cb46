import type { SqlFragment } from '../../framework/database';
import type { FinalRunStatus } from './entities/invoice-run.entity';
import type { StageRecord } from './interceptors/stage-call';
import type { RunState } from '../contracts/registry';

/** A finished run as the runner hands it to the queue for recording. */
export interface RunResult {
  status: FinalRunStatus;
  failureReason: string | null;
  reviewRequired: boolean;
  configId: string;
  configVersion: number;
  records: Array<StageRecord & { output: unknown }>;
  state: RunState;
  /** Writes of its stages that go into the run's finishing statement (StageCallContext.finish). */
  finishSteps?: readonly SqlFragment[];
  /**
   * Steps confirming the provisional answers of its stages (StageCallContext.finish.confirm): the
   * finishing statement records the result only when each returns a row.
   */
  confirmations?: ReadonlyArray<{ stageId: string; step: SqlFragment }>;
}

/** A run result as recorded: when it finished (the run's finished_at). */
export type RecordedRun = RunResult & { finishedAt: Date };
