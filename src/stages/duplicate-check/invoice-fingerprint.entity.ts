import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TenantEntity } from '../../framework/tenancy';
import { InvoiceEntity } from '../../invoices/entities/invoice.entity';

/** First document seen per (tenant, supplier, document type, number, issue date, total): the unique constraint is the duplicate check. */
@Entity({ name: 'invoice_fingerprints' })
@Check('invoice_fingerprints_document_type_check', `document_type IN ('Invoice', 'CreditNote')`)
@Unique('invoice_fingerprints_unique', ['tenantId', 'supplierKey', 'documentType', 'invoiceNumber', 'issueDate', 'total'])
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

  /** An invoice and its credit note with the same number, date and total are not duplicates. */
  @Column({ name: 'document_type', type: 'text' })
  documentType!: 'Invoice' | 'CreditNote';

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
