import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A replica that admits invoice runs: its lease (renewed by its heartbeat) and its
 * acknowledgements of the configuration gate. `closedEpoch`: its admission gate is closed for that
 * epoch (with `runsInFlight` runs then in flight); `drainedEpoch`: none of them is in flight any more.
 */
@Entity({ name: 'pipeline_replicas', comment: 'platform: replicas admitting invoice runs, their leases and gate acknowledgements' })
@Check('pipeline_replicas_runs_not_negative', `runs_in_flight >= 0`)
@Check('pipeline_replicas_drained_after_closed', `drained_epoch <= closed_epoch`)
export class PipelineReplicaEntity {
  @PrimaryColumn({ name: 'replica_id', type: 'uuid', primaryKeyConstraintName: 'pipeline_replicas_pk' })
  replicaId!: string;

  @Column({ name: 'instance_id', type: 'text' })
  instanceId!: string;

  @Column({ name: 'joined_at', type: 'timestamptz', default: () => 'now()' })
  joinedAt!: Date;

  @Column({ name: 'lease_until', type: 'timestamptz' })
  leaseUntil!: Date;

  @Column({ name: 'closed_epoch', type: 'bigint', default: 0 })
  closedEpoch!: string;

  @Column({ name: 'drained_epoch', type: 'bigint', default: 0 })
  drainedEpoch!: string;

  @Column({ name: 'runs_in_flight', type: 'integer', default: 0 })
  runsInFlight!: number;
}
