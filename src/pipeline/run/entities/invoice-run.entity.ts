import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TenantEntity } from '../../../framework/tenancy';
import { ModuleConfigurationEntity } from '../../configurations/entities/module-configuration.entity';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'completed_with_warnings', 'failed', 'duplicate', 'awaiting_approval', 'rejected'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type FinalRunStatus = Exclude<RunStatus, 'queued' | 'running'>;
/** submit and reprocess run every stage; approval resumes a run that stopped for a person's approval (resumes_run_id). */
export const RUN_TRIGGERS = ['submit', 'reprocess', 'approval'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/**
 * One processing run of an invoice, and the durable queue entry workers claim: queued → running
 * (claim token + lease) → a final status. A lease that runs out means the worker died.
 */
@Entity({ name: 'invoice_runs' })
@Unique('invoice_runs_number_unique', ['invoiceId', 'runNumber'])
@Unique('invoice_runs_tenant_run_unique', ['tenantId', 'runId'])
// The row's rules in one CHECK (the function is owned by migration 1795400000184, which says why;
// 1795400000185 asks the correlation id without a counted regular expression):
// a known trigger and status, finished_at set exactly when the status is final, a running run
// claimed (token and lease), resumes_run_id exactly on approval runs, requested_by of 1-300
// characters, a well-formed correlation id, and what each stage result must hold
// (stage_results_valid). A violation is raised under the name of the rule's former constraint
// (invoice_runs_status_valid, invoice_runs_finished_when_final, invoice_runs_stage_results_valid, …).
@Check(
  'invoice_runs_row_valid',
  'invoice_runs_row_valid(status, trigger, correlation_id, requested_by, finished_at IS NOT NULL, resumes_run_id IS NOT NULL, claim_token IS NOT NULL AND lease_until IS NOT NULL, stage_results)',
)
// Partial indexes (the queue, one unfinished run per invoice): owned by the migration.
@Index('invoice_runs_queue_idx', { synchronize: false })
@Index('invoice_runs_one_open_per_invoice', { synchronize: false })
// A paused run is resumed at most once (partial unique index on resumes_run_id): owned by the migration.
@Index('invoice_runs_resumed_once', { synchronize: false })
export class InvoiceRunEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'run_id' })
  runId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'invoice_runs_tenant_fk' })
  tenant?: TenantEntity;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  // By entity name: the pipeline does not import the invoices folder (the relation only declares the foreign key).
  @ManyToOne('InvoiceEntity', { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'invoice_runs_invoice_fk' },
    { name: 'invoice_id', referencedColumnName: 'id' },
  ])
  invoice?: unknown;

  @Column({ name: 'run_number', type: 'integer' })
  runNumber!: number;

  @Column({ type: 'text', default: 'submit' })
  trigger!: RunTrigger;

  @Column({ type: 'text', default: 'queued' })
  status!: RunStatus;

  @Column({ name: 'config_id', type: 'uuid', nullable: true })
  configId!: string | null;

  @ManyToOne(() => ModuleConfigurationEntity, { nullable: true })
  @JoinColumn({ name: 'config_id', foreignKeyConstraintName: 'invoice_runs_config_fk' })
  configuration?: ModuleConfigurationEntity | null;

  @Column({ name: 'config_version', type: 'integer', nullable: true })
  configVersion!: number | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'claim_token', type: 'uuid', nullable: true })
  claimToken!: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  /** For an approval run: the run that stopped for approval, whose stage results it carries on from. */
  @Column({ name: 'resumes_run_id', type: 'uuid', nullable: true })
  resumesRunId!: string | null;

  @ManyToOne(() => InvoiceRunEntity, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'invoice_runs_resumes_run_fk' },
    { name: 'resumes_run_id', referencedColumnName: 'runId' },
  ])
  resumes?: InvoiceRunEntity | null;

  /** Who asked for the run: the submitter, whoever reprocessed, the approver who released it (principal subject). */
  @Column({ name: 'requested_by', type: 'text', nullable: true })
  requestedBy!: string | null;

  /** The correlation id of the request that queued the run; its stages log under it. */
  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  @Column({ name: 'review_required', type: 'boolean', default: false })
  reviewRequired!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /**
   * What each stage did (StageResultRow elements, in stage order), written by the run's finish;
   * null until then. Not loaded with the run: RunRepository reads it where it is needed.
   */
  @Column({ name: 'stage_results', type: 'jsonb', nullable: true, select: false })
  stageResults?: unknown[] | null;
}
