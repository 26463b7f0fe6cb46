import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TenantEntity } from '../../framework/tenancy';

/** The tenant's supplier directory: entered by hand or refreshed from successful HTTP lookups. */
@Entity({ name: 'suppliers' })
@Unique('suppliers_lookup_unique', ['tenantId', 'lookupKey'])
@Check('suppliers_source_valid', `source IN ('manual', 'http')`)
export class SupplierEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'supplier_id' })
  supplierId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'suppliers_tenant_fk' })
  tenant?: TenantEntity;

  /** Upper-cased VAT id, else upper-cased name: how invoices find their supplier. */
  @Column({ name: 'lookup_key', type: 'text' })
  lookupKey!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'vat_id', type: 'text', nullable: true })
  vatId!: string | null;

  @Column({ type: 'text', nullable: true })
  country!: string | null;

  @Column({ name: 'always_review', type: 'boolean', default: false })
  alwaysReview!: boolean;

  @Column({ type: 'text', default: 'manual' })
  source!: 'manual' | 'http';

  @Column({ name: 'refreshed_at', type: 'timestamptz', default: () => 'now()' })
  refreshedAt!: Date;
}
