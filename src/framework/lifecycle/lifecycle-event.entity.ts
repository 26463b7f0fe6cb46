import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { LIFECYCLE_PHASES, type LifecyclePhase } from './lifecycle.types';

/** Must equal the COMMENT ON TABLE of the LifecycleEvents migration; `platform:` marks tables without tenant_id. */
export const LIFECYCLE_EVENTS_COMMENT =
  'platform: lifecycle events of the framework modules (the process), not tenant data; no tenant_id';

/**
 * A persisted lifecycle event. Platform-level table without tenant_id: framework modules belong
 * to the process, not to a tenant (see the LifecycleEvents migration).
 */
@Entity({ name: 'lifecycle_events', comment: LIFECYCLE_EVENTS_COMMENT })
@Check('lifecycle_events_phase_valid', `phase IN (${LIFECYCLE_PHASES.map((p) => `'${p}'`).join(', ')})`)
@Check('lifecycle_events_module_not_empty', 'length(module) > 0')
@Index('lifecycle_events_occurred_idx', ['occurredAt', 'id'])
export class LifecycleEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'lifecycle_events_pkey' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  module!: string;

  @Column({ type: 'text' })
  phase!: LifecyclePhase;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId!: string;

  /** The replica that recorded it (INSTANCE_ID); null for events recorded before the column existed. */
  @Column({ name: 'instance_id', type: 'text', nullable: true })
  instanceId!: string | null;
}
