import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CapabilityContractEntity } from './capability-contract.entity';
import { ProcessingStageEntity } from './processing-stage.entity';

export const MODULE_STATUSES = ['available', 'unavailable', 'disabled', 'deprecated'] as const;
export type ModuleStatus = (typeof MODULE_STATUSES)[number];

export interface ModuleMetadata {
  description?: string;
  vendor?: string;
  /** Settings the module accepts: property → validation constraints, derived from its settings DTO. */
  settingsSchema?: Record<string, string[]>;
  /** Guarantee ids of its contract it keeps (contract-guarantees.ts). */
  guarantees?: string[];
  /** Circuit breaker scope: one per tenant, or one shared. */
  breaker?: 'tenant' | 'shared';
  /** Why the catalogue sync marked it unavailable, when it did. */
  unavailableReason?: string;
}

/** A pluggable implementation of a stage. Rows are synced from the code at boot. */
@Entity({ name: 'modules', comment: 'platform: the module catalogue comes from the code' })
@Check('modules_status_valid', `status IN ('available', 'unavailable', 'disabled', 'deprecated')`)
// Partial unique index (one available fallback per stage): owned by the migration.
@Index('modules_one_active_fallback_per_stage', { synchronize: false })
export class ModuleEntity {
  @PrimaryColumn({ name: 'module_id', type: 'text' })
  moduleId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ name: 'stage_id', type: 'text' })
  stageId!: string;

  @ManyToOne(() => ProcessingStageEntity, { nullable: false })
  @JoinColumn({ name: 'stage_id', foreignKeyConstraintName: 'modules_stage_fk' })
  stage?: ProcessingStageEntity;

  @Column({ name: 'capability_contract_id', type: 'text' })
  capabilityContractId!: string;

  @ManyToOne(() => CapabilityContractEntity, { nullable: false })
  @JoinColumn({ name: 'capability_contract_id', foreignKeyConstraintName: 'modules_contract_fk' })
  contract?: CapabilityContractEntity;

  @Column({ type: 'text', default: 'unavailable' })
  status!: ModuleStatus;

  @Column({ name: 'is_fallback', type: 'boolean', default: false })
  isFallback!: boolean;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata!: ModuleMetadata;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
