import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThanOrEqual, Not, Repository } from 'typeorm';
import { AcmeAccountEntity } from './entities/acme-account.entity';
import { CertificateEntity } from './entities/certificate.entity';
import { RenewalAttemptEntity } from './entities/renewal-attempt.entity';

/**
 * Database access of certificate management: the platform tables certificates, acme_accounts,
 * renewal_attempts and acme_challenges (no tenant, no row-level security: the DataSource's pool).
 */
@Injectable()
export class CertificateRepository {
  private readonly certificates: Repository<CertificateEntity>;
  private readonly accounts: Repository<AcmeAccountEntity>;
  private readonly attempts: Repository<RenewalAttemptEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.certificates = dataSource.getRepository(CertificateEntity);
    this.accounts = dataSource.getRepository(AcmeAccountEntity);
    this.attempts = dataSource.getRepository(RenewalAttemptEntity);
  }

  list(): Promise<CertificateEntity[]> {
    return this.certificates.find({ order: { primaryDomain: 'ASC' } });
  }

  find(id: string): Promise<CertificateEntity | null> {
    return this.certificates.findOneBy({ id });
  }

  /** Registered certificates that list any of these domains. */
  async overlapping(domains: string[]): Promise<CertificateEntity[]> {
    return this.certificates.createQueryBuilder('c').where('c.domains && :domains::text[]', { domains }).getMany();
  }

  insert(row: Partial<CertificateEntity>): Promise<CertificateEntity> {
    return this.certificates.save(this.certificates.create(row));
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.certificates.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  /** Certificates whose next attempt is due (no backoff pending) or that have none scheduled yet. */
  dueForAttempt(now: Date): Promise<CertificateEntity[]> {
    return this.certificates.find({ where: [{ nextAttemptAt: LessThanOrEqual(now) }, { nextAttemptAt: IsNull() }] });
  }

  /** Rows sealed with a key other than the current one (rotation). */
  sealedWithOtherKey(keyId: string): Promise<CertificateEntity[]> {
    return this.certificates.find({ where: { keyId: Not(keyId) } });
  }

  /** An order for the certificate has started. */
  async markRenewing(id: string, startedAt: Date): Promise<void> {
    await this.certificates.update({ id }, { status: 'renewing', lastRenewalAttemptAt: startedAt });
  }

  /**
   * Replaces the sealed private key if it is still sealed with `expectedKeyId` (a concurrent
   * rotation or renewal wins); returns the number of rows changed (0 or 1).
   */
  async resealCertificateKey(id: string, expectedKeyId: string, next: { sealed: Buffer; keyId: string }): Promise<number> {
    const result = await this.certificates.update({ id, keyId: expectedKeyId }, { privateKeySealed: next.sealed, keyId: next.keyId });
    return result.affected ?? 0;
  }

  /** Stores an attempt and the certificate's new state together. */
  async recordAttempt(id: string, changes: Partial<CertificateEntity>, attempt: Omit<RenewalAttemptEntity, 'id' | 'certificate'>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(CertificateEntity, { id }, changes);
      await manager.insert(RenewalAttemptEntity, attempt);
    });
  }

  recentAttempts(certificateId: string, limit = 20): Promise<RenewalAttemptEntity[]> {
    return this.attempts.find({ where: { certificateId }, order: { startedAt: 'DESC', id: 'DESC' }, take: limit });
  }

  // --- acme_accounts ---

  listAccounts(): Promise<AcmeAccountEntity[]> {
    return this.accounts.find();
  }

  findAccount(directoryUrl: string): Promise<AcmeAccountEntity | null> {
    return this.accounts.findOneBy({ directoryUrl });
  }

  /**
   * The account of the directory: the stored one, or this new one if none is stored yet. Race-safe:
   * of two replicas creating it at once, one insert wins and both read the winner.
   */
  async insertAccountIfAbsent(account: { directoryUrl: string; accountKeySealed: Buffer; keyId: string }): Promise<AcmeAccountEntity> {
    await this.accounts.createQueryBuilder().insert().values(account).orIgnore().execute();
    return this.accounts.findOneByOrFail({ directoryUrl: account.directoryUrl });
  }

  async setAccountUrl(directoryUrl: string, accountUrl: string): Promise<void> {
    await this.accounts.update({ directoryUrl }, { accountUrl });
  }

  /** Like resealCertificateKey, for an account key. */
  async resealAccountKey(directoryUrl: string, expectedKeyId: string, next: { sealed: Buffer; keyId: string }): Promise<number> {
    const result = await this.accounts.update({ directoryUrl, keyId: expectedKeyId }, { accountKeySealed: next.sealed, keyId: next.keyId });
    return result.affected ?? 0;
  }

  // --- acme_challenges ---

  /** Stores (or replaces) a key authorization valid for `ttlSeconds`, deleting expired ones first. */
  async putChallenge(token: string, keyAuthorization: string, ttlSeconds: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM acme_challenges WHERE expires_at <= now()`);
    await this.dataSource.query(
      `INSERT INTO acme_challenges (token, key_authorization, expires_at) VALUES ($1, $2, now() + $3 * interval '1 second')
       ON CONFLICT (token) DO UPDATE SET key_authorization = excluded.key_authorization, expires_at = excluded.expires_at`,
      [token, keyAuthorization, ttlSeconds],
    );
  }

  /** The unexpired key authorization of the token. */
  async findChallenge(token: string): Promise<string | undefined> {
    const rows: Array<{ key_authorization: string }> = await this.dataSource.query(
      `SELECT key_authorization FROM acme_challenges WHERE token = $1 AND expires_at > now()`,
      [token],
    );
    return rows[0]?.key_authorization;
  }

  async removeChallenge(token: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM acme_challenges WHERE token = $1`, [token]);
  }
}
