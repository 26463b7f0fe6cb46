import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ModuleConfigurationEntity } from '../../configurations/entities/module-configuration.entity';

export const CHANGE_REQUEST_KINDS = ['activate', 'rollback'] as const;
export type ChangeRequestKind = (typeof CHANGE_REQUEST_KINDS)[number];

/**
 * open: waiting for approvals; scheduled: approved, activates at activate_at; activating: being
 * activated (claimed by one replica); activated / activation_queued (behind runs in flight, see
 * activation_id); rejected; cancelled; failed (the activation was refused).
 */
export const CHANGE_REQUEST_STATES = ['open', 'scheduled', 'activating', 'activated', 'activation_queued', 'rejected', 'cancelled', 'failed'] as const;
export type ChangeRequestState = (typeof CHANGE_REQUEST_STATES)[number];

/** A configuration version submitted for approval; approval activates it (now or at activate_at). */
@Entity({ name: 'change_requests', comment: 'platform: configuration versions submitted for approval (four eyes)' })
@Check('change_requests_kind_valid', `kind IN ('activate', 'rollback')`)
@Check('change_requests_state_valid', `state IN ('open', 'scheduled', 'activating', 'activated', 'activation_queued', 'rejected', 'cancelled', 'failed')`)
@Check('change_requests_approvals_valid', `approvals_required >= 0`)
@Check('change_requests_scheduled_has_time', `state <> 'scheduled' OR activate_at IS NOT NULL`)
@Unique('change_requests_author_unique', ['changeRequestId', 'author'])
// Partial indexes (one open request per configuration; due scheduled requests): owned by the migration.
@Index('change_requests_one_open_per_config', { synchronize: false })
@Index('change_requests_due_idx', { synchronize: false })
@Index('change_requests_created_idx', ['createdAt', 'changeRequestId'])
export class ChangeRequestEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'change_request_id' })
  changeRequestId!: string;

  @Column({ name: 'config_id', type: 'uuid' })
  configId!: string;

  @ManyToOne(() => ModuleConfigurationEntity, { nullable: false })
  @JoinColumn({ name: 'config_id', foreignKeyConstraintName: 'change_requests_config_fk' })
  configuration?: ModuleConfigurationEntity;

  @Column({ type: 'text' })
  kind!: ChangeRequestKind;

  @Column({ type: 'text', default: 'open' })
  state!: ChangeRequestState;

  @Column({ type: 'text' })
  author!: string;

  @Column({ type: 'text' })
  comment!: string;

  @Column({ name: 'approvals_required', type: 'integer' })
  approvalsRequired!: number;

  @Column({ name: 'activate_at', type: 'timestamptz', nullable: true })
  activateAt!: Date | null;

  @Column({ name: 'activation_id', type: 'uuid', nullable: true })
  activationId!: string | null;

  @Column({ name: 'outcome_message', type: 'text', nullable: true })
  outcomeMessage!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
