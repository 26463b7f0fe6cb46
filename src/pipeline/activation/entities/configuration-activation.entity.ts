import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ModuleConfigurationEntity } from '../../configurations/entities/module-configuration.entity';

export type ActivationKind = 'activate' | 'rollback';
export type ActivationState = 'pending' | 'completed' | 'failed';

/** One activation attempt: pending while it holds the cluster's gate (at most one at a time), then completed or failed. */
@Entity({ name: 'configuration_activations', comment: 'platform: activation attempts of the shared configuration' })
@Check('configuration_activations_kind_valid', `kind IN ('activate', 'rollback')`)
@Check('configuration_activations_state_valid', `state IN ('pending', 'completed', 'failed')`)
// Partial unique index (one pending activation): owned by the migration.
@Index('configuration_activations_one_pending', { synchronize: false })
export class ConfigurationActivationEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'activation_id' })
  activationId!: string;

  @Column({ name: 'config_id', type: 'uuid' })
  configId!: string;

  @ManyToOne(() => ModuleConfigurationEntity, { nullable: false })
  @JoinColumn({ name: 'config_id', foreignKeyConstraintName: 'configuration_activations_config_fk' })
  configuration?: ModuleConfigurationEntity;

  @Column({ type: 'text', default: 'activate' })
  kind!: ActivationKind;

  @Column({ type: 'text', default: 'pending' })
  state!: ActivationState;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  /** Runs in flight on every replica when the gate closed (they drained before the switch). */
  @Column({ name: 'runs_drained', type: 'integer', nullable: true })
  runsDrained!: number | null;

  /** When every live replica had closed its admission gate (database clock): runs claimed later waited for the switch. */
  @Column({ name: 'gate_closed_at', type: 'timestamptz', nullable: true })
  gateClosedAt!: Date | null;

  /** From the gate closing to the switch's commit (database clock), for a completed activation. */
  @Column({ name: 'switch_delay_ms', type: 'integer', nullable: true })
  switchDelayMs!: number | null;
}
