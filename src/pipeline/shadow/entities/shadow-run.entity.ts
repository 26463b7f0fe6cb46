import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TenantEntity } from '../../../framework/tenancy';
import { ModuleConfigurationEntity } from '../../configurations/entities/module-configuration.entity';
import type { ShadowInvoiceReport, ShadowSummary } from '../shadow-report';

export type ShadowRunState = 'queued' | 'running' | 'completed' | 'failed';

/**
 * A candidate configuration run over a tenant's recent invoices without side effects. Claimed
 * with a lease (claim_token, lease_until) like invoice runs, so a crashed replica's shadow run
 * is taken over; the report is stored here and nowhere else.
 */
@Entity({ name: 'shadow_runs', comment: "platform: side-effect-free runs of a candidate configuration over a tenant's recent invoices" })
@Check('shadow_runs_state_valid', `state IN ('queued', 'running', 'completed', 'failed')`)
@Check('shadow_runs_bounded', `max_invoices BETWEEN 1 AND 500 AND (last_n IS NULL OR last_n BETWEEN 1 AND max_invoices)`)
@Check('shadow_runs_one_selection', `(last_n IS NULL) <> (received_from IS NULL AND received_to IS NULL)`)
@Check('shadow_runs_running_has_lease', `state <> 'running' OR (claim_token IS NOT NULL AND lease_until IS NOT NULL)`)
// Partial index of claimable runs: owned by the migration.
@Index('shadow_runs_claimable_idx', { synchronize: false })
@Index('shadow_runs_config_idx', ['configId', 'createdAt'])
export class ShadowRunEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'shadow_run_id' })
  shadowRunId!: string;

  @Column({ name: 'config_id', type: 'uuid' })
  configId!: string;

  @ManyToOne(() => ModuleConfigurationEntity, { nullable: false })
  @JoinColumn({ name: 'config_id', foreignKeyConstraintName: 'shadow_runs_config_fk' })
  configuration?: ModuleConfigurationEntity;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'shadow_runs_tenant_fk' })
  tenant?: TenantEntity;

  @Column({ type: 'text', default: 'queued' })
  state!: ShadowRunState;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  @Column({ name: 'last_n', type: 'integer', nullable: true })
  lastN!: number | null;

  @Column({ name: 'received_from', type: 'timestamptz', nullable: true })
  receivedFrom!: Date | null;

  @Column({ name: 'received_to', type: 'timestamptz', nullable: true })
  receivedTo!: Date | null;

  @Column({ name: 'max_invoices', type: 'integer' })
  maxInvoices!: number;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'claim_token', type: 'uuid', nullable: true })
  claimToken!: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  summary!: ShadowSummary | null;

  @Column({ type: 'jsonb', nullable: true })
  report!: ShadowInvoiceReport[] | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
