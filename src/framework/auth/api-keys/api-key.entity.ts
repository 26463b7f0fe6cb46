import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TenantEntity } from '../../tenancy/tenant.entity';
import type { Role } from '../roles';

/**
 * An API key, stored as the SHA-256 of its secret part (a 256-bit random value, so a plain hash
 * cannot be brute-forced) and found by its public prefix.
 *
 * Platform-level table: a key either belongs to one tenant (tenant_id set, the key acts inside
 * it) or to the platform (tenant_id NULL, for admin, operator and auditor roles that act across
 * tenants), so tenant_id is a nullable foreign key rather than a NOT NULL one.
 */
@Entity({ name: 'api_keys' })
@Index('api_keys_prefix_key', ['prefix'], { unique: true })
@Check('api_keys_roles_valid', `cardinality(roles) > 0 AND roles <@ ARRAY['admin', 'maintainer', 'operator', 'submitter', 'auditor', 'approver']::text[]`)
@Check('api_keys_hash_hex', `key_hash ~ '^[0-9a-f]{64}$'`)
@Check('api_keys_prefix_format', `prefix ~ '^[a-z0-9]{4,32}$'`)
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  prefix!: string;

  @Column({ name: 'key_hash', type: 'char', length: 64 })
  keyHash!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'tenant_id', type: 'text', nullable: true })
  tenantId!: string | null;

  @ManyToOne(() => TenantEntity, { nullable: true, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'api_keys_tenant_fk' })
  tenant?: TenantEntity | null;

  @Column({ type: 'text', array: true })
  roles!: Role[];

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;
}
