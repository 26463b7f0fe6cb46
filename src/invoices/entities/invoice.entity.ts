import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

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
@Entity({ name: 'invoices' })
export class InvoiceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
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
