import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A tenant owns invoices and every other business row (through tenant_id foreign keys). */
@Entity({ name: 'tenants' })
@Check('tenants_id_format', `tenant_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'`)
export class TenantEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;
}
