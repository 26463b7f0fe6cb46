import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TenantEntity } from '../../../framework/tenancy';
import { ProcessingStageEntity } from '../../catalogue/entities/processing-stage.entity';
import { InvoiceRunEntity } from './invoice-run.entity';

/** `rejected`: an input fault, a verdict on what the caller sent (never a fallback). */
export const STAGE_OUTCOMES = ['ok', 'fallback', 'skipped', 'failed', 'rejected'] as const;
export type StageOutcome = (typeof STAGE_OUTCOMES)[number];

/** What one stage did in one run: module used, fallback and why, attempts, time, findings, output. */
@Entity({ name: 'invoice_stage_results' })
@Unique('invoice_stage_results_one_per_stage', ['runId', 'stageId'])
@Check('invoice_stage_results_outcome_valid', `outcome IN ('ok', 'fallback', 'skipped', 'failed', 'rejected')`)
@Check('invoice_stage_results_degraded_is_fallback', `NOT degraded OR outcome = 'fallback'`)
@Check('invoice_stage_results_fallback_has_reason', `NOT fallback_used OR fallback_reason IS NOT NULL`)
export class StageResultEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'result_id' })
  resultId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'invoice_stage_results_tenant_fk' })
  tenant?: TenantEntity;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @ManyToOne(() => InvoiceRunEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'invoice_stage_results_run_fk' },
    { name: 'run_id', referencedColumnName: 'runId' },
  ])
  run?: InvoiceRunEntity;

  @Column({ name: 'stage_id', type: 'text' })
  stageId!: string;

  @ManyToOne(() => ProcessingStageEntity, { nullable: false })
  @JoinColumn({ name: 'stage_id', foreignKeyConstraintName: 'invoice_stage_results_stage_fk' })
  stage?: ProcessingStageEntity;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'module_id', type: 'text', nullable: true })
  moduleId!: string | null;

  @Column({ type: 'text' })
  outcome!: StageOutcome;

  @Column({ name: 'fallback_used', type: 'boolean', default: false })
  fallbackUsed!: boolean;

  @Column({ name: 'fallback_reason', type: 'text', nullable: true })
  fallbackReason!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'duration_ms', type: 'double precision' })
  durationMs!: number;

  /** Ran on a fallback that lacks guarantees of the selected module: never valid, never auto-approved. */
  @Column({ type: 'boolean', default: false })
  degraded!: boolean;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  warnings!: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  errors!: string[];

  @Column({ type: 'jsonb', nullable: true })
  output!: unknown;
}
