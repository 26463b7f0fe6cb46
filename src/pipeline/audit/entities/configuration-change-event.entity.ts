import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ModuleConfigurationEntity } from '../../configurations/entities/module-configuration.entity';

export const CHANGE_ACTIONS = [
  'created',
  'validated',
  'rejected',
  'activation_requested',
  'activation_queued',
  'activated',
  'activation_failed',
  'superseded',
  'rollback_requested',
  'rolled_back',
  'module_status_changed',
  'fallback_policy_changed',
  'change_request_submitted',
  'change_request_approved',
  'change_request_rejected',
  'change_request_cancelled',
  'change_request_failed',
  'activation_scheduled',
  'scheduled_activation_fired',
  'shadow_run_requested',
  'shadow_run_completed',
  'shadow_run_failed',
] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];
export type ChangeResult = 'success' | 'failure';

/**
 * Audit trail of configuration actions. Append-only: the code only inserts, and database
 * triggers refuse UPDATE, DELETE and TRUNCATE.
 */
@Entity({ name: 'configuration_change_events', comment: 'platform: append-only audit trail of configuration actions' })
@Check(
  'configuration_change_events_action_valid',
  `action IN (${CHANGE_ACTIONS.map((a) => `'${a}'`).join(', ')})`,
)
@Check('configuration_change_events_result_valid', `result IN ('success', 'failure')`)
@Unique('configuration_change_events_seq_unique', ['seq'])
@Index('configuration_change_events_created_idx', ['createdAt'])
@Index('configuration_change_events_config_idx', ['configId', 'seq'])
export class ConfigurationChangeEventEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'event_id' })
  eventId!: string;

  /** Insertion order; pages are keyed on it. */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS', insert: false, update: false })
  seq!: string;

  @Column({ name: 'config_id', type: 'uuid', nullable: true })
  configId!: string | null;

  @ManyToOne(() => ModuleConfigurationEntity, { nullable: true })
  @JoinColumn({ name: 'config_id', foreignKeyConstraintName: 'configuration_change_events_config_fk' })
  configuration?: ModuleConfigurationEntity | null;

  @Column({ type: 'text' })
  action!: ChangeAction;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text' })
  result!: ChangeResult;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;

  /** clock_timestamp(), not now(): events within one transaction keep their order. */
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;
}
