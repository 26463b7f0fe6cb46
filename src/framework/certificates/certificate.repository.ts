import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThanOrEqual, Not, Repository } from 'typeorm';
import { AcmeAccountEntity } from './entities/acme-account.entity';
import { CertificateEntity } from './entities/certificate.entity';
import { RenewalAttemptEntity } from './entities/renewal-attempt.entity';

/** Database access of certificate management. */
@Injectable()
export class CertificateRepository {
  constructor(
    @InjectRepository(CertificateEntity) readonly certificates: Repository<CertificateEntity>,
    @InjectRepository(AcmeAccountEntity) readonly accounts: Repository<AcmeAccountEntity>,
    @InjectRepository(RenewalAttemptEntity) readonly attempts: Repository<RenewalAttemptEntity>,
    private readonly dataSource: DataSource,
  ) {}

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
}
