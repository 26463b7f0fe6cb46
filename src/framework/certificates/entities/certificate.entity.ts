import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CertificateStatus } from './certificate-status';
import { CERTIFICATES_COMMENT } from './table-comments';

/**
 * A managed certificate: its domains, the current certificate and chain (public, PEM) and its
 * private key sealed with AES-256-GCM (key_id names the key). Renewal state lives on the row so
 * backoff survives restarts.
 */
@Entity({ name: 'certificates', comment: CERTIFICATES_COMMENT })
@Index('certificates_primary_domain_key', ['primaryDomain'], { unique: true })
@Index('certificates_next_attempt_idx', ['nextAttemptAt'])
@Check('certificates_status_valid', `status IN ('valid', 'renewing', 'error')`)
@Check('certificates_domains_not_empty', `cardinality(domains) >= 1 AND primary_domain = domains[1]`)
@Check('certificates_material_complete', `(certificate_pem IS NULL) = (private_key_sealed IS NULL) AND (certificate_pem IS NULL) = (key_id IS NULL) AND (certificate_pem IS NULL) = (expires_at IS NULL)`)
@Check('certificates_failures_non_negative', `failure_count >= 0`)
export class CertificateEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'certificates_pkey' })
  id!: string;

  @Column({ type: 'text', array: true })
  domains!: string[];

  @Column({ name: 'primary_domain', type: 'text' })
  primaryDomain!: string;

  @Column({ type: 'text' })
  status!: CertificateStatus;

  @Column({ name: 'certificate_pem', type: 'text', nullable: true })
  certificatePem!: string | null;

  @Column({ name: 'chain_pem', type: 'text', nullable: true })
  chainPem!: string | null;

  @Column({ name: 'private_key_sealed', type: 'bytea', nullable: true })
  privateKeySealed!: Buffer | null;

  @Column({ name: 'key_id', type: 'text', nullable: true })
  keyId!: string | null;

  @Column({ name: 'serial_number', type: 'text', nullable: true })
  serialNumber!: string | null;

  @Column({ name: 'not_before', type: 'timestamptz', nullable: true })
  notBefore!: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'last_renewal_attempt_at', type: 'timestamptz', nullable: true })
  lastRenewalAttemptAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'failure_count', type: 'integer', default: 0 })
  failureCount!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
