import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TenantEntity } from '../../framework/tenancy';
import { InvoiceEntity } from '../../invoices/entities/invoice.entity';
import { InvoiceRunEntity } from '../../pipeline/run/entities/invoice-run.entity';

/** A processed invoice in the tenant's export feed, pulled by downstream systems with a cursor. */
@Entity({ name: 'export_feed_entries' })
@Unique('export_feed_entries_one_per_run', ['runId'])
@Index('export_feed_entries_position_idx', ['tenantId', 'txid', 'seq'])
@Index('export_feed_entries_invoice_idx', ['tenantId', 'invoiceId'])
export class FeedEntryEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'entry_id', primaryKeyConstraintName: 'export_feed_entries_pk' })
  entryId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'export_feed_entries_tenant_fk' })
  tenant?: TenantEntity;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @ManyToOne(() => InvoiceEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'export_feed_entries_invoice_fk' },
    { name: 'invoice_id', referencedColumnName: 'id' },
  ])
  invoice?: InvoiceEntity;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @ManyToOne(() => InvoiceRunEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'export_feed_entries_run_fk' },
    { name: 'run_id', referencedColumnName: 'runId' },
  ])
  run?: InvoiceRunEntity;

  /** The writing transaction's id (pg_current_xact_id): the feed's order, with seq. */
  @Column({ type: 'bigint' })
  txid!: string;

  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  seq!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
