import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Tenant configuration overrides, keyed by setting (environment variable name). */
export type TenantOverrides = Record<string, unknown>;

/** A tenant owns invoices and every other business row (through tenant_id foreign keys). */
@Entity({ name: 'tenants' })
@Check('tenants_id_format', `tenant_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'`)
@Check('tenants_config_object', `jsonb_typeof(config) = 'object'`)
@Check('tenants_name_not_blank', `length(btrim(name)) > 0`)
export class TenantEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The tenant layer of configuration: overrides of TenantConfig fields only. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  config!: TenantOverrides;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;
}
