import type { Selection } from '../configurations/selection';
import { recordOutput, type RunState, stageContract } from '../contracts/registry';
import type { FinalRunStatus } from './entities/invoice-run.entity';
import type { StageRecord } from './interceptors/stage-call';
import type { RunResult } from './run-result';
import type { StageSpec } from './stage-invoker';

/** Calls one stage's module (the invoker, or its shadow mode) and returns what it did. */
export type InvokeStage = (stage: StageSpec, selection: Selection, input: unknown) => Promise<{ record: StageRecord; output: unknown }>;

export type StageLoopResult = Pick<RunResult, 'status' | 'failureReason' | 'reviewRequired' | 'records'>;

/**
 * What a run resumed after a person's approval carries on from: the stage results of the run that
 * stopped for it (stage order, the last one the stage whose stop rule paused it) and whether that
 * run asked for review.
 */
export interface Resumption {
  records: RunResult['records'];
  reviewRequired: boolean;
}

/**
 * The loop as it stood before a stage: what a run's direct pass picks up from after a pass with a
 * provisional answer was discarded, so the stages before the answering one are not called again.
 */
export interface StageCheckpoint {
  /** The stage's position: the pass goes on from it. */
  position: number;
  records: RunResult['records'];
  warnings: boolean;
  review: boolean;
  concerns: string[];
  /** The stage outputs in the run state at that point. */
  outputs: Partial<RunState>;
}

/**
 * Checkpoints of a run's passes: `before` names the stages to take one before (a pass whose stages
 * may answer provisionally), kept in `taken` by stage id; `from` starts the pass at one.
 */
export interface Checkpoints {
  before?: ReadonlySet<string>;
  taken?: Map<string, StageCheckpoint>;
  from?: StageCheckpoint;
}

/**
 * The stages of one run in order, with the run's rules: fail closed on concerns (settle), a failed
 * or rejected required stage ends the run failed keeping earlier results, anything not ok gives
 * completed_with_warnings, a stop rule ends it (duplicate). Shared by real runs (PipelineRunner)
 * and shadow runs, so a shadow run judges exactly as a real one would. Returns null when `stopped`
 * says so before a stage (a lost lease).
 */
export async function runStages(
  stages: readonly StageSpec[],
  selections: readonly Selection[],
  state: RunState,
  invoke: InvokeStage,
  stopped: () => boolean = () => false,
  resumption?: Resumption,
  checkpoints?: Checkpoints,
): Promise<StageLoopResult | null> {
  const from = checkpoints?.from;
  const records: RunResult['records'] = from ? [...from.records] : [];
  let warnings = from?.warnings ?? false;
  let review = from?.review ?? false;
  let status: FinalRunStatus | null = null;
  let failureReason: string | null = null;

  /** Steps that cannot be trusted (degraded, failed, skipped, rejected): later verdicts fail closed on them. */
  const concerns: string[] = from ? [...from.concerns] : [];
  if (from) Object.assign(state, from.outputs);
  const startAt = from?.position ?? -Infinity;
  // A resumed run: the paused run's steps stand as they were (their concerns too), the pausing
  // stage's output as the person released it; only the stages after it run.
  let resumeAfter = -Infinity;
  if (resumption) {
    const paused = resumption.records[resumption.records.length - 1];
    const pausing = paused ? stageContract(paused.stageId) : undefined;
    if (!paused || !pausing?.resume) throw new Error('a resumed run needs the results of a run that a stage with a resume rule paused');
    review = resumption.reviewRequired;
    for (const carried of resumption.records) {
      const contract = stageContract(carried.stageId);
      const concern = concernOf(carried);
      if (concern) concerns.push(concern);
      if (carried.outcome !== 'ok') warnings = true;
      let output = carried.output;
      if (carried === paused) output = pausing.resume(output);
      if (contract && output !== null && output !== undefined && carried.outcome !== 'rejected') recordOutput(state, contract, output);
      records.push({ ...carried, output });
    }
    resumeAfter = paused.position;
  }
  for (const stage of stages) {
    if (stage.position <= resumeAfter || stage.position < startAt) continue;
    if (stopped()) return null;
    const selection = selections.find((s) => s.stageId === stage.stageId);
    const contract = stageContract(stage.stageId);
    if (!selection || !contract) continue;
    if (checkpoints?.before?.has(stage.stageId)) {
      const { tenantId: _t, invoiceId: _i, runId: _r, document: _d, contentType: _c, ...outputs } = state;
      checkpoints.taken?.set(stage.stageId, { position: stage.position, records: [...records], warnings, review, concerns: [...concerns], outputs });
    }
    const { record, output: raw } = await invoke(stage, selection, contract.input(state));
    const concern = concernOf(record);
    if (concern) concerns.push(concern);
    const output = raw !== undefined && contract.settle ? contract.settle(raw, concerns) : raw;
    if (output !== undefined) recordOutput(state, contract, output);
    records.push({ ...record, output: recordedOutput(record, output, (o) => contract.view(o)) });
    if (output !== undefined && contract.review?.(output)) review = true;
    review ||= record.markForReview || record.degraded;
    if (record.outcome !== 'ok') warnings = true;
    if (record.outcome === 'rejected') review ||= !stage.required;
    if ((record.outcome === 'failed' || record.outcome === 'rejected') && stage.required) {
      status = 'failed';
      failureReason = record.outcome === 'rejected'
        ? `required stage ${stage.stageId} rejected the input: ${describe(record)}`
        : `required stage ${stage.stageId} failed: ${describe(record)}`;
      break;
    }
    const stop = output !== undefined ? contract.stop?.(output) : null;
    if (stop) {
      status = stop;
      break;
    }
  }
  status ??= warnings ? 'completed_with_warnings' : 'completed';
  return { status, failureReason, reviewRequired: review, records };
}

/** Why a step cannot be trusted, or null when it can. */
function concernOf(record: StageRecord): string | null {
  if (record.degraded) return `${record.stageId} ran on ${record.moduleId} with weaker guarantees (degraded)`;
  if (record.outcome === 'failed' || record.outcome === 'skipped' || record.outcome === 'rejected') return `${record.stageId} ${record.outcome}`;
  return null;
}

/** The stage result's output: the module's (settled) output, or an input fault's verdict. */
function recordedOutput(record: StageRecord, output: unknown, view: (output: unknown) => unknown): unknown {
  if (output !== undefined) return view(output);
  if (record.rejection) return { rejected: true, kind: record.rejection.kind, findings: record.rejection.findings };
  return null;
}

function describe(record: StageRecord): string {
  return [...record.warnings, ...record.errors].join('; ') || 'no module could process it';
}
