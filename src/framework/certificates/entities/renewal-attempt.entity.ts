import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CertificateEntity } from './certificate.entity';
import { RENEWAL_ATTEMPTS_COMMENT } from './table-comments';

export type RenewalOutcome = 'succeeded' | 'failed';

/** One issuance or renewal attempt: when, how it ended, why it failed, when the next one is due. */
@Entity({ name: 'certificate_renewal_attempts', comment: RENEWAL_ATTEMPTS_COMMENT })
@Index('certificate_renewal_attempts_certificate_idx', ['certificateId', 'startedAt'])
@Check('certificate_renewal_attempts_outcome_valid', `outcome IN ('succeeded', 'failed')`)
@Check('certificate_renewal_attempts_error_on_failure', `(outcome = 'failed') = (error IS NOT NULL)`)
export class RenewalAttemptEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'certificate_renewal_attempts_pkey' })
  id!: string;

  @Column({ name: 'certificate_id', type: 'uuid' })
  certificateId!: string;

  @ManyToOne(() => CertificateEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'certificate_id', foreignKeyConstraintName: 'certificate_renewal_attempts_certificate_fkey' })
  certificate?: CertificateEntity;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz' })
  finishedAt!: Date;

  @Column({ type: 'text' })
  outcome!: RenewalOutcome;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'serial_number', type: 'text', nullable: true })
  serialNumber!: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;
}
