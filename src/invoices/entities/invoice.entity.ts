import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DEFAULT_TENANT_ID, TenantEntity } from '../../framework/tenancy';

export const INVOICE_STATUSES = [
  'received',
  'processing',
  'completed',
  'completed_with_warnings',
  'failed',
  'duplicate',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const INVOICE_MEDIA_TYPES = ['application/xml', 'application/pdf', 'application/json'] as const;
export type InvoiceMediaType = (typeof INVOICE_MEDIA_TYPES)[number];

/** A submitted document as received: the raw bytes and their digest are stored before any processing. */
const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

@Entity({ name: 'invoices' })
@Check('invoices_status_valid', `status IN (${quoted(INVOICE_STATUSES)})`)
@Check('invoices_content_type_valid', `content_type IN (${quoted(INVOICE_MEDIA_TYPES)})`)
@Check('invoices_document_not_empty', 'octet_length(document) > 0')
@Check('invoices_sha256_hex', `document_sha256 ~ '^[0-9a-f]{64}$'`)
@Check('invoices_size_matches_document', 'size_bytes = octet_length(document)')
// (tenant_id, received_at DESC, id): listing order; TypeORM cannot express DESC, the migration owns it.
@Index('invoices_tenant_received_idx', { synchronize: false })
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

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
