import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { ACME_ACCOUNTS_COMMENT } from './table-comments';

/** The account key per ACME directory, generated once and sealed like certificate keys. */
@Entity({ name: 'acme_accounts', comment: ACME_ACCOUNTS_COMMENT })
export class AcmeAccountEntity {
  @PrimaryColumn({ name: 'directory_url', type: 'text', primaryKeyConstraintName: 'acme_accounts_pkey' })
  directoryUrl!: string;

  @Column({ name: 'account_key_sealed', type: 'bytea' })
  accountKeySealed!: Buffer;

  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column({ name: 'account_url', type: 'text', nullable: true })
  accountUrl!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
