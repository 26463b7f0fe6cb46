import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { InvoiceRunEntity } from '../../pipeline/run/entities/invoice-run.entity';
import type { RecordedRun } from '../../pipeline/run/run-result';
import { STAGE_OUTCOMES, type StageResultEntity } from '../../pipeline/run/entities/stage-result.entity';
import { RUN_TRIGGERS } from '../../pipeline/run/entities/invoice-run.entity';
import { storedProjection } from '../../pipeline/contracts/registry';
import type { InvoiceApprovalEntity } from '../entities/invoice-approval.entity';
import { InvoiceApprovalDto, InvoiceApprovalStateDto, TimelineEntryDto } from './review.dto';
import type { InvoiceEntity } from '../entities/invoice.entity';
import { ValidationFindingDto } from './document-report.dto';
import { InvoiceReceiptDto } from './invoice-receipt.dto';

export class StageResultDto {
  @ApiProperty() stage_id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Module that produced the result (the fallback when one ran).' }) module_id!: string | null;
  @ApiProperty({ enum: STAGE_OUTCOMES }) outcome!: string;
  @ApiProperty() fallback_used!: boolean;
  @ApiProperty({ description: 'The fallback that ran keeps fewer guarantees than the selected module: the step never yields valid or auto_approved.' }) degraded!: boolean;
  @ApiProperty({ nullable: true, type: String }) fallback_reason!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty() duration_ms!: number;
  @ApiProperty({ type: [String] }) warnings!: string[];
  @ApiProperty({ type: [String] }) errors!: string[];

  static from(r: StageResultEntity): StageResultDto {
    return {
      stage_id: r.stageId,
      module_id: r.moduleId,
      outcome: r.outcome,
      fallback_used: r.fallbackUsed,
      degraded: r.degraded ?? false,
      fallback_reason: r.fallbackReason,
      attempts: r.attempts,
      duration_ms: Math.round(r.durationMs * 1000) / 1000,
      warnings: r.warnings,
      errors: r.errors,
    };
  }
}

export class RunSummaryDto {
  @ApiProperty({ format: 'uuid' }) run_id!: string;
  @ApiProperty() run_number!: number;
  @ApiProperty({ enum: RUN_TRIGGERS, description: 'approval: resumes the run that stopped for approval (resumes_run_id) after the approvals needed.' }) trigger!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'For an approval run: the run it resumes.' }) resumes_run_id!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who asked for the run: the submitter, whoever reprocessed, the approver who released it; null when not known.' })
  requested_by!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: Number }) config_version!: number | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) failure_reason!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finished_at!: string | null;

  static from(run: InvoiceRunEntity): RunSummaryDto {
    return {
      run_id: run.runId,
      run_number: run.runNumber,
      trigger: run.trigger,
      resumes_run_id: run.resumesRunId ?? null,
      requested_by: run.requestedBy ?? null,
      status: run.status,
      config_version: run.configVersion,
      attempts: run.attempts,
      failure_reason: run.failureReason,
      created_at: run.createdAt.toISOString(),
      finished_at: run.finishedAt?.toISOString() ?? null,
    };
  }
}

/** GET /invoices/{id}/report: the validate stage's report of the latest run, as the pipeline settled it. */
export class InvoiceValidationReportDto {
  @ApiProperty({ description: 'No fatal finding, and the report is not degraded.' }) valid!: boolean;
  @ApiProperty({ example: 'en16931', description: 'The rule set that judged the invoice.' }) rule_set!: string;
  @ApiPropertyOptional({ enum: ['UBL', 'CII'], nullable: true, description: 'Syntax whose binding rules were applied; null for canonical JSON.' }) syntax_binding?: 'UBL' | 'CII' | null;
  @ApiProperty({ type: [ValidationFindingDto] }) errors!: ValidationFindingDto[];
  @ApiProperty({ type: [ValidationFindingDto] }) warnings!: ValidationFindingDto[];
  @ApiPropertyOptional({ description: 'Set by the pipeline: a fallback with fewer guarantees ran or an earlier step was degraded; never valid then.' }) degraded?: boolean;
  @ApiPropertyOptional({ type: [String], description: 'Why the report is degraded.' }) concerns?: string[];
}

/** GET /invoices/{id}: status, canonical data, validation report, per-stage results of the latest run, run history. */
export class InvoiceDetailDto extends InvoiceReceiptDto {
  @ApiProperty({ nullable: true, type: String, description: 'Why the latest run failed.' }) failure_reason!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['auto_approved', 'needs_approval', 'rejected'] }) decision!: string | null;
  @ApiProperty({ type: [String], description: 'Why the approval stage decided as it did (empty for auto_approved).' }) decision_reasons!: string[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'For a duplicate: the invoice it duplicates (same supplier, document type, number, issue date and total); otherwise null.' })
  duplicate_of!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'Canonical invoice (amounts as decimal strings).' }) invoice!: unknown;
  @ApiProperty({ nullable: true, type: InvoiceValidationReportDto, description: 'Validation report of the latest run; never valid when degraded.' }) validation!: unknown;
  @ApiProperty({ type: [StageResultDto], description: 'Stage results of the latest finished run.' }) stages!: StageResultDto[];
  @ApiProperty({ type: [RunSummaryDto], description: 'Every run, oldest first.' }) runs!: RunSummaryDto[];
  @ApiProperty({ type: InvoiceApprovalStateDto, description: 'Where the invoice stands with its approval, and the verdicts given.' }) approval!: InvoiceApprovalStateDto;
  @ApiProperty({ type: [TimelineEntryDto], description: 'What happened to the invoice, oldest first: received, runs, verdicts.' }) timeline!: TimelineEntryDto[];

  static detail(invoice: InvoiceEntity, runs: InvoiceRunEntity[], results: StageResultEntity[], review: InvoiceReview = NO_REVIEW): InvoiceDetailDto {
    const byStage = new Map(results.map((r) => [r.stageId, r.output as Record<string, unknown> | null]));
    const latest = [...runs].reverse().find((r) => r.finishedAt !== null);
    return {
      ...InvoiceReceiptDto.from(invoice),
      failure_reason: latest?.failureReason ?? null,
      decision: (byStage.get('approval')?.decision as string | undefined) ?? null,
      decision_reasons: (byStage.get('approval')?.reasons as string[] | undefined) ?? [],
      duplicate_of: (byStage.get('duplicate-check')?.duplicate_of as string | null | undefined) ?? null,
      invoice: byStage.get('parse')?.invoice ?? null,
      validation: byStage.get('validate') ?? null,
      stages: results.map((r) => StageResultDto.from(r)),
      runs: runs.map((r) => RunSummaryDto.from(r)),
      approval: approvalState(invoice, runs, review),
      timeline: timeline(invoice, runs, review.approvals),
    };
  }
}

/** What the review adds to an invoice's view: every verdict on it, and the approvals needed while it waits. */
export interface InvoiceReview {
  approvals: InvoiceApprovalEntity[];
  approvalsRequired: number | null;
}
const NO_REVIEW: InvoiceReview = { approvals: [], approvalsRequired: null };

function approvalState(invoice: InvoiceEntity, runs: InvoiceRunEntity[], review: InvoiceReview): InvoiceApprovalStateDto {
  const paused = [...runs].reverse().find((r) => r.status === 'awaiting_approval');
  const verdicts = paused ? review.approvals.filter((a) => a.runId === paused.runId).map((a) => InvoiceApprovalDto.from(a)) : [];
  let state: InvoiceApprovalStateDto['state'] = null;
  if (invoice.status === 'awaiting_approval') state = 'pending';
  else if (invoice.status === 'rejected') state = 'rejected';
  else if (paused && runs.some((r) => r.resumesRunId === paused.runId)) state = 'approved';
  return { state, approvals_required: state === 'pending' ? review.approvalsRequired : null, approvals: verdicts };
}

function timeline(invoice: InvoiceEntity, runs: InvoiceRunEntity[], approvals: InvoiceApprovalEntity[]): TimelineEntryDto[] {
  const entries: TimelineEntryDto[] = [{ at: invoice.receivedAt.toISOString(), kind: 'received', actor: null, detail: `received (${invoice.contentType})` }];
  for (const run of runs) {
    entries.push({ at: run.createdAt.toISOString(), kind: 'run_queued', actor: run.requestedBy ?? null, detail: `run ${run.runNumber} (${run.trigger})` });
    if (run.finishedAt) {
      const version = run.configVersion === null ? '' : ` on configuration version ${run.configVersion}`;
      entries.push({ at: run.finishedAt.toISOString(), kind: 'run_finished', actor: null, detail: `run ${run.runNumber} ${run.status}${version}` });
    }
  }
  for (const a of approvals) {
    entries.push({ at: a.createdAt.toISOString(), kind: a.verdict, actor: a.approver, detail: [a.reason, a.comment].filter(Boolean).join(': ') || (a.verdict === 'approve' ? 'approved' : 'rejected') });
  }
  // Equal times (one transaction): a verdict comes after the run it ends and before the run it queues.
  const rank: Record<string, number> = { received: 0, run_finished: 1, approve: 2, reject: 2, run_queued: 3 };
  return entries
    .map((e, i) => ({ e, i }))
    .sort((x, y) => x.e.at.localeCompare(y.e.at) || rank[x.e.kind] - rank[y.e.kind] || x.i - y.i)
    .map(({ e }) => e);
}

/**
 * The detail of an invoice whose first run this request just processed inline (?wait=true),
 * built from the recorded result instead of reading it back: the same body GET would answer.
 */
export function detailOfFirstRun(invoice: InvoiceEntity, runId: string, result: RecordedRun, approvalsRequired: number | null = null, requestedBy: string | null = null): InvoiceDetailDto {
  const parsed = result.state.parse?.invoice;
  const projection = storedProjection(result.state);
  const updated: InvoiceEntity = {
    ...invoice,
    status: result.status,
    invoiceNumber: parsed?.number ?? null,
    supplierName: parsed?.seller.name ?? null,
    totalAmount: projection.total_amount,
    currency: projection.currency,
    configVersion: result.configVersion,
    reviewRequired: result.reviewRequired,
  };
  const run = {
    runId,
    runNumber: 1,
    trigger: 'submit',
    resumesRunId: null,
    requestedBy,
    status: result.status,
    configVersion: result.configVersion,
    attempts: 1,
    failureReason: result.failureReason,
    createdAt: invoice.receivedAt,
    finishedAt: result.finishedAt,
  } as InvoiceRunEntity;
  const results = result.records.map((r) => ({ ...r, output: r.output }) as unknown as StageResultEntity);
  return InvoiceDetailDto.detail(updated, [run], results, { approvals: [], approvalsRequired });
}

export class InvoiceListDto {
  @ApiProperty({ type: [InvoiceReceiptDto] }) items!: InvoiceReceiptDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as ?cursor= for the next page; null on the last page.' }) next_cursor!: string | null;
}
