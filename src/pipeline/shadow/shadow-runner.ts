import { Injectable } from '@nestjs/common';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import type { Selection } from '../configurations/selection';
import type { RunState } from '../contracts/registry';
import { stageContract } from '../contracts/registry';
import type { InvoiceMediaType } from '../../domain/media-type';
import type { StageRecord } from '../run/interceptors/stage-call';
import { PolicyCache } from '../run/policy-cache';
import type { FinishedRun } from '../run/run-history.repository';
import { runStages, type StageLoopResult } from '../run/stage-loop';
import { type StageSpec, StageInvoker } from '../run/stage-invoker';
import { differences, outcomeView, type ShadowInvoiceReport } from './shadow-report';

export interface ShadowCandidate {
  configId: string;
  version: number;
  selections: Selection[];
}

export interface ShadowSubjectRun {
  tenantId: string;
  subjectId: string;
  receivedAt: Date;
  contentType: InvoiceMediaType;
  document: Buffer;
}

/**
 * Runs one stored invoice through a candidate configuration with the real run's rules
 * (run/stage-loop.ts), side-effect free: each stage as its contract's `shadow` mode says (as is,
 * dry run, or not run), no circuit breaker, nothing recorded; then compares it with the invoice's
 * latest finished run.
 */
@Injectable()
export class ShadowRunner {
  private stages: StageSpec[] | null = null;

  constructor(
    private readonly catalogue: CatalogueRepository,
    private readonly policies: PolicyCache,
    private readonly invoker: StageInvoker,
  ) {}

  async prepare(): Promise<void> {
    await this.policies.refresh();
    if (!this.stages) {
      const rows = await this.catalogue.stages();
      this.stages = rows.map((s) => ({ stageId: s.stageId, position: s.order, required: s.isRequired, contract: s.capabilityContractId.split('@')[0] }));
    }
  }

  async run(candidate: ShadowCandidate, subject: ShadowSubjectRun, shadowRunId: string): Promise<{ outcome: StageLoopResult; notRun: string[] }> {
    await this.prepare();
    const state: RunState = { tenantId: subject.tenantId, invoiceId: subject.subjectId, runId: shadowRunId, document: subject.document, contentType: subject.contentType };
    const binding = { tenantId: subject.tenantId, configId: candidate.configId, configVersion: candidate.version, correlationId: `shadow:${shadowRunId}` };
    const notRun: string[] = [];
    const outcome = await runStages(this.stages ?? [], candidate.selections, state, async (stage, selection, input) => {
      if (stageContract(stage.stageId)?.shadow === 'not_run') {
        notRun.push(stage.stageId);
        return { record: notRunRecord(stage, selection), output: undefined };
      }
      return this.invoker.invoke(stage, selection, input, binding, 'shadow');
    });
    // runStages returns null only when told to stop, which a shadow run never does.
    return { outcome: outcome!, notRun };
  }

  /** The per-invoice report: the latest real run (if any) beside the candidate's outcome. */
  static report(subject: { subjectId: string; receivedAt: Date }, baseline: FinishedRun | undefined, shadow: { outcome: StageLoopResult; notRun: string[] }): ShadowInvoiceReport {
    const candidate = outcomeView(
      {
        status: shadow.outcome.status,
        review_required: shadow.outcome.reviewRequired,
        stages: shadow.outcome.records.map((r) => ({
          stage_id: r.stageId,
          module_id: r.moduleId,
          outcome: r.outcome,
          fallback_used: r.fallbackUsed,
          fallback_reason: r.fallbackReason,
          degraded: r.degraded,
          output: r.output,
        })),
      },
      shadow.notRun,
    );
    const current = baseline ? outcomeView({ status: baseline.status, review_required: baseline.reviewRequired, stages: baseline.stages }, shadow.notRun) : null;
    return {
      invoice_id: subject.subjectId,
      received_at: subject.receivedAt.toISOString(),
      current,
      candidate,
      differences: current ? differences(current, candidate) : [],
      not_run: shadow.notRun,
    };
  }
}

function notRunRecord(stage: StageSpec, selection: Selection): StageRecord {
  return {
    stageId: stage.stageId,
    position: stage.position,
    moduleId: selection.moduleId,
    outcome: 'ok',
    fallbackUsed: false,
    fallbackReason: null,
    attempts: 0,
    durationMs: 0,
    warnings: ['not run in a shadow run: its effect is the side effect'],
    errors: [],
    degraded: false,
    rejection: null,
    markForReview: false,
  };
}
