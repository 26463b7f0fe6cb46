import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { InvoiceStatus } from '../../domain/invoice-status';
import type { InvoiceMediaType } from '../../domain/media-type';
import { DEFAULT_TENANT_ID, TenantEntity } from '../../framework/tenancy';

// Statuses and media types live in the domain kernel (the pipeline needs them too); re-exported for the invoices folder.
export { INVOICE_STATUSES, type InvoiceStatus } from '../../domain/invoice-status';
export { INVOICE_MEDIA_TYPES, type InvoiceMediaType } from '../../domain/media-type';

/** A submitted document as received: the raw bytes and their digest are stored before any processing. */
@Entity({ name: 'invoices' })
// Target of the tenant-scoped references (TenantScopedReferences migration).
@Unique('invoices_tenant_id_unique', ['tenantId', 'id'])
// The row's rules (status and media type among INVOICE_STATUSES / INVOICE_MEDIA_TYPES, a non-empty
// document of size_bytes, a hex SHA-256, a three-letter currency) in one CHECK: the function, owned
// by migration 1795400000184 (its format rules as migration 1795400000185 asks them), raises a violation under the name of the rule's former constraint
// (invoices_status_valid, invoices_content_type_valid, invoices_document_not_empty,
// invoices_sha256_hex, invoices_size_matches_document, invoices_currency_code).
@Check('invoices_row_valid', 'invoices_row_valid(status, content_type, octet_length(document), size_bytes, document_sha256, currency)')
// (tenant_id, received_at DESC, id): listing order; TypeORM cannot express DESC, the migration owns it.
@Index('invoices_tenant_received_idx', { synchronize: false })
@Index('invoices_tenant_status_idx', ['tenantId', 'status'])
@Index('invoices_tenant_supplier_idx', ['tenantId', 'supplierKey'])
// (tenant_id, received_at DESC, id) WHERE status = 'awaiting_approval': the review queue; the migration owns it.
@Index('invoices_review_queue_idx', { synchronize: false })
export class InvoiceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'text', default: DEFAULT_TENANT_ID })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'invoices_tenant_fk' })
  tenant?: TenantEntity;

  @Column({ type: 'text', default: 'received' })
  status!: InvoiceStatus;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: InvoiceMediaType;

  @Column({ type: 'bytea', select: false })
  document!: Buffer;

  @Column({ name: 'document_sha256', type: 'char', length: 64 })
  documentSha256!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  /** Facts of the latest finished run, kept on the invoice so lists can filter on them. */
  @Column({ name: 'invoice_number', type: 'text', nullable: true })
  invoiceNumber!: string | null;

  @Column({ name: 'issue_date', type: 'date', nullable: true })
  issueDate!: string | null;

  @Column({ name: 'supplier_key', type: 'text', nullable: true })
  supplierKey!: string | null;

  @Column({ name: 'supplier_name', type: 'text', nullable: true })
  supplierName!: string | null;

  /** The amount due (BT-115, else BT-112) and the invoice currency, for the review queue's filters and the second approval. */
  @Column({ name: 'total_amount', type: 'numeric', nullable: true })
  totalAmount!: string | null;

  @Column({ type: 'text', nullable: true })
  currency!: string | null;

  @Column({ name: 'config_version', type: 'integer', nullable: true })
  configVersion!: number | null;

  @Column({ name: 'review_required', type: 'boolean', default: false })
  reviewRequired!: boolean;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
