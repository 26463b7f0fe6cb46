import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ShadowRunEntity, ShadowRunState } from '../entities/shadow-run.entity';

export class TransitionView {
  @ApiProperty({ example: 'completed', description: 'Outcome of the latest real run: its status, or the decision when not auto-approved (needs_approval, rejected).' }) from!: string;
  @ApiProperty({ example: 'needs_approval', description: "The candidate's outcome, labelled the same way." }) to!: string;
  @ApiProperty() count!: number;
}

export class ShadowSummaryView {
  @ApiProperty({ description: 'Invoices replayed.' }) invoices!: number;
  @ApiProperty({ description: 'Invoices with at least one difference.' }) changed!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ description: 'Invoices without a finished run to compare with.' }) without_baseline!: number;
  @ApiProperty({ description: 'Invoices the candidate could not be run on.' }) errors!: number;
  @ApiProperty({ type: [TransitionView], description: 'Counts by transition (changes of outcome only).' }) transitions!: TransitionView[];
}

export class FallbackView {
  @ApiProperty() stage_id!: string;
  @ApiProperty({ nullable: true, type: String }) module_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
}

export class ValidationVerdictView {
  @ApiProperty() valid!: boolean;
  @ApiProperty() degraded!: boolean;
  @ApiProperty({ type: [String], description: 'Error findings as rule@location.' }) errors!: string[];
  @ApiProperty({ type: [String] }) warnings!: string[];
}

export class OutcomeView {
  @ApiProperty({ description: 'status, or the decision when not auto-approved.' }) outcome!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: String, enum: ['auto_approved', 'needs_approval', 'rejected'] }) decision!: string | null;
  @ApiProperty({ type: [String] }) decision_reasons!: string[];
  @ApiProperty({ type: ValidationVerdictView, nullable: true }) validation!: ValidationVerdictView | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', nullable: true }, description: 'Module each stage ran on, by stage id.' }) modules!: Record<string, string | null>;
  @ApiProperty({ type: [FallbackView] }) fallbacks!: FallbackView[];
  @ApiProperty() review_required!: boolean;
}

export class DifferenceView {
  @ApiProperty({ example: 'decision' }) field!: string;
  @ApiProperty({ description: 'Value in the latest real run (any JSON).', nullable: true }) current!: unknown;
  @ApiProperty({ description: "The candidate's value (any JSON).", nullable: true }) candidate!: unknown;
}

export class ShadowInvoiceReportView {
  @ApiProperty({ format: 'uuid' }) invoice_id!: string;
  @ApiProperty({ format: 'date-time' }) received_at!: string;
  @ApiProperty({ type: OutcomeView, nullable: true, description: 'The latest finished real run; null when there is none.' }) current!: OutcomeView | null;
  @ApiProperty({ type: OutcomeView }) candidate!: OutcomeView;
  @ApiProperty({ type: [DifferenceView] }) differences!: DifferenceView[];
  @ApiProperty({ type: [String], description: 'Stages not run in a shadow run (their contract: the side effect is the stage, e.g. export).' }) not_run!: string[];
}

export class ShadowRunView {
  @ApiProperty({ format: 'uuid' }) shadow_run_id!: string;
  @ApiProperty({ format: 'uuid' }) config_id!: string;
  @ApiProperty() tenant_id!: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] }) state!: ShadowRunState;
  @ApiProperty() requested_by!: string;
  @ApiProperty({ nullable: true, type: Number }) last_n!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) received_from!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) received_to!: string | null;
  @ApiProperty() max_invoices!: number;
  @ApiProperty({ description: 'Claims so far (a takeover after a replica died counts).' }) attempts!: number;
  @ApiProperty({ type: ShadowSummaryView, nullable: true }) summary!: ShadowSummaryView | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) started_at!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finished_at!: string | null;
  @ApiPropertyOptional({ type: [ShadowInvoiceReportView], description: 'Per invoice (GET of one shadow run only).' }) report?: ShadowInvoiceReportView[];

  static from(run: ShadowRunEntity, withReport = false): ShadowRunView {
    return {
      shadow_run_id: run.shadowRunId,
      config_id: run.configId,
      tenant_id: run.tenantId,
      state: run.state,
      requested_by: run.requestedBy,
      last_n: run.lastN,
      received_from: run.receivedFrom?.toISOString() ?? null,
      received_to: run.receivedTo?.toISOString() ?? null,
      max_invoices: run.maxInvoices,
      attempts: run.attempts,
      summary: run.summary ?? null,
      error: run.error ?? null,
      created_at: run.createdAt.toISOString(),
      started_at: run.startedAt?.toISOString() ?? null,
      finished_at: run.finishedAt?.toISOString() ?? null,
      ...(withReport ? { report: run.report ?? [] } : {}),
    };
  }
}

export class ShadowRunPageDto {
  @ApiProperty({ type: [ShadowRunView] }) items!: ShadowRunView[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}
