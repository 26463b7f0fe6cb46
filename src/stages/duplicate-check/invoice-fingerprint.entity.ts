import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TenantEntity } from '../../framework/tenancy';
import { InvoiceEntity } from '../../invoices/entities/invoice.entity';

/** First invoice seen per (tenant, supplier, number, issue date, total): the unique constraint is the duplicate check. */
@Entity({ name: 'invoice_fingerprints' })
@Unique('invoice_fingerprints_unique', ['tenantId', 'supplierKey', 'invoiceNumber', 'issueDate', 'total'])
export class InvoiceFingerprintEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'fingerprint_id' })
  fingerprintId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'invoice_fingerprints_tenant_fk' })
  tenant?: TenantEntity;

  @Column({ name: 'supplier_key', type: 'text' })
  supplierKey!: string;

  @Column({ name: 'invoice_number', type: 'text' })
  invoiceNumber!: string;

  @Column({ name: 'issue_date', type: 'date' })
  issueDate!: string;

  /** numeric compares by value: 100.0 and 100.00 are the same total. */
  @Column({ type: 'numeric' })
  total!: string;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @ManyToOne(() => InvoiceEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'invoice_fingerprints_invoice_fk' },
    { name: 'invoice_id', referencedColumnName: 'id' },
  ])
  invoice?: InvoiceEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
