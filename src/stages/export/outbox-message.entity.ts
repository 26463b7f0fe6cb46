import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TenantEntity } from '../../framework/tenancy';
import { InvoiceEntity } from '../../invoices/entities/invoice.entity';
import { InvoiceRunEntity } from '../../pipeline/run/entities/invoice-run.entity';

/** A delivery the webhook could not make yet; the redelivery job sends it with exponential backoff. */
@Entity({ name: 'outbox_messages' })
@Unique('outbox_messages_one_per_run', ['runId'])
@Check('outbox_messages_status_valid', `status IN ('pending', 'delivered')`)
@Check('outbox_messages_delivered_consistent', `(status = 'delivered') = (delivered_at IS NOT NULL)`)
// Partial index of pending messages by due time: owned by the migration.
@Index('outbox_messages_due_idx', { synchronize: false })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'message_id' })
  messageId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'outbox_messages_tenant_fk' })
  tenant?: TenantEntity;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @ManyToOne(() => InvoiceEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'outbox_messages_invoice_fk' },
    { name: 'invoice_id', referencedColumnName: 'id' },
  ])
  invoice?: InvoiceEntity;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @ManyToOne(() => InvoiceRunEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'outbox_messages_run_fk' },
    { name: 'run_id', referencedColumnName: 'runId' },
  ])
  run?: InvoiceRunEntity;

  @Column({ name: 'target_url', type: 'text' })
  targetUrl!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  status!: 'pending' | 'delivered';

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
