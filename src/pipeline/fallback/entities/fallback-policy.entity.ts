import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { ModuleEntity } from '../../catalogue/entities/module.entity';
import { ProcessingStageEntity } from '../../catalogue/entities/processing-stage.entity';

/** When a stage's module counts as failed. */
export interface TriggerConditions {
  /** Any thrown error triggers the policy. */
  error: boolean;
  /** A call slower than this fails; null: no timeout. */
  timeout_ms: number | null;
  /** Open the module's circuit after N consecutive failures; half-open after the given delay. */
  circuit_open: { consecutive_failures: number; half_open_after_ms: number } | null;
  /** The selected module is unavailable or disabled. */
  module_unavailable: boolean;
}

export type FailureAction = 'use_fallback' | 'skip_stage' | 'fail';

/** What to do then: optional retries with backoff, then the failure action. */
export interface FallbackActions {
  retry: { attempts: number; backoff_ms: number } | null;
  on_failure: FailureAction;
  /** Flag the invoice for human review whenever the policy fired. */
  mark_for_review: boolean;
}

@Entity({ name: 'fallback_policies', comment: 'platform: per-stage policies of the shared pipeline' })
@Unique('fallback_policies_one_per_stage', ['stageId'])
@Check('fallback_policies_use_fallback_needs_module', `actions->>'on_failure' <> 'use_fallback' OR fallback_module_id IS NOT NULL`)
export class FallbackPolicyEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'policy_id' })
  policyId!: string;

  @Column({ name: 'stage_id', type: 'text' })
  stageId!: string;

  @ManyToOne(() => ProcessingStageEntity, { nullable: false })
  @JoinColumn({ name: 'stage_id', foreignKeyConstraintName: 'fallback_policies_stage_fk' })
  stage?: ProcessingStageEntity;

  @Column({ name: 'fallback_module_id', type: 'text', nullable: true })
  fallbackModuleId!: string | null;

  @ManyToOne(() => ModuleEntity, { nullable: true })
  @JoinColumn({ name: 'fallback_module_id', foreignKeyConstraintName: 'fallback_policies_module_fk' })
  fallbackModule?: ModuleEntity | null;

  @Column({ name: 'trigger_conditions', type: 'jsonb' })
  triggerConditions!: TriggerConditions;

  @Column({ type: 'jsonb' })
  actions!: FallbackActions;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
