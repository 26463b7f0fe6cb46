import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TenantEntity } from '../../framework/tenancy';
import { InvoiceEntity } from './invoice.entity';

export const APPROVAL_VERDICTS = ['approve', 'reject'] as const;
export type ApprovalVerdict = (typeof APPROVAL_VERDICTS)[number];

/**
 * A person's verdict on an invoice whose run stopped for approval: one per approver and paused run,
 * never changed (the InvoiceApprovals migration's trigger refuses updates and verdicts on a run
 * that is not awaiting approval). The table is the review's audit trail.
 */
@Entity({ name: 'invoice_approvals' })
@Unique('invoice_approvals_one_verdict_per_approver', ['runId', 'approver'])
@Check('invoice_approvals_verdict_valid', `verdict IN ('approve', 'reject')`)
@Check('invoice_approvals_approver_valid', 'char_length(approver) BETWEEN 1 AND 300')
@Check('invoice_approvals_reason_valid', 'char_length(reason) BETWEEN 1 AND 200')
@Check('invoice_approvals_comment_valid', 'char_length(comment) <= 2000')
@Check('invoice_approvals_reject_has_reason', `verdict <> 'reject' OR reason IS NOT NULL`)
// (tenant_id, invoice_id, created_at): an invoice's verdicts in order; the migration owns it.
@Index('invoice_approvals_invoice_idx', { synchronize: false })
export class InvoiceApprovalEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'approval_id', primaryKeyConstraintName: 'invoice_approvals_pk' })
  approvalId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'invoice_approvals_tenant_fk' })
  tenant?: TenantEntity;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @ManyToOne(() => InvoiceEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'invoice_approvals_invoice_fk' },
    { name: 'invoice_id', referencedColumnName: 'id' },
  ])
  invoice?: InvoiceEntity;

  /** The run that stopped for approval. */
  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  // By entity name, like the runs' relation to invoices (the relation only declares the foreign key).
  @ManyToOne('InvoiceRunEntity', { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'invoice_approvals_run_fk' },
    { name: 'run_id', referencedColumnName: 'runId' },
  ])
  run?: unknown;

  /** The principal's subject (JWT sub or apikey:<prefix>). */
  @Column({ type: 'text' })
  approver!: string;

  @Column({ type: 'text' })
  verdict!: ApprovalVerdict;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
