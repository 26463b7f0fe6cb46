import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TenantEntity } from '../../framework/tenancy';
import { InvoiceEntity } from './invoice.entity';

/** An Idempotency-Key a tenant used, the digest of the request it came with, and the invoice it created. */
@Entity({ name: 'idempotency_keys' })
@Check('idempotency_keys_key_length', 'char_length(idempotency_key) BETWEEN 1 AND 255')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text', primaryKeyConstraintName: 'idempotency_keys_pkey' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'idempotency_keys_tenant_fk' })
  tenant?: TenantEntity;

  @PrimaryColumn({ name: 'idempotency_key', type: 'text', primaryKeyConstraintName: 'idempotency_keys_pkey' })
  key!: string;

  @Column({ name: 'request_sha256', type: 'char', length: 64 })
  requestSha256!: string;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @ManyToOne(() => InvoiceEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'idempotency_keys_invoice_fk' },
    { name: 'invoice_id', referencedColumnName: 'id' },
  ])
  invoice?: InvoiceEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
