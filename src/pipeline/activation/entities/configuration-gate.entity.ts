import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ConfigurationActivationEntity } from './configuration-activation.entity';

/**
 * The cluster's one admission gate for configuration switches (one row). Closed while
 * `activationId` names the activation holding it; `epoch` moves on with every close and open, and
 * every change is announced with `NOTIFY configuration_gate` (trigger owned by the migration).
 */
@Entity({ name: 'configuration_gate', comment: 'platform: the cluster-wide admission gate of configuration switches (one row)' })
@Check('configuration_gate_one_row', `gate_id = 1`)
@Check(
  'configuration_gate_closed_whole',
  `(activation_id IS NULL) = (closed_by IS NULL) AND (activation_id IS NULL) = (closed_at IS NULL)`,
)
export class ConfigurationGateEntity {
  @PrimaryColumn({ name: 'gate_id', type: 'smallint', default: 1, primaryKeyConstraintName: 'configuration_gate_pk' })
  gateId!: number;

  @Column({ type: 'bigint', default: 0 })
  epoch!: string;

  @Column({ name: 'activation_id', type: 'uuid', nullable: true })
  activationId!: string | null;

  @ManyToOne(() => ConfigurationActivationEntity, { nullable: true })
  @JoinColumn({ name: 'activation_id', foreignKeyConstraintName: 'configuration_gate_activation_fk' })
  activation?: ConfigurationActivationEntity;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy!: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
