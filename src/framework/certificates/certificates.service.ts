import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { CertificateKeys } from './certificate-keys';
import { CertificateRepository } from './certificate.repository';
import { CertificatesClock } from './clock';
import type { CertificateEntity } from './entities/certificate.entity';
import { hostnameProblem, normaliseHostname } from './hostnames';
import { RenewalService } from './renewal.service';
import { ServedCertificates } from './served-certificates';

/** Registration and removal of managed domains; issuance starts right after registration. */
@Injectable()
export class CertificatesService {
  constructor(
    private readonly repository: CertificateRepository,
    private readonly keys: CertificateKeys,
    private readonly renewal: RenewalService,
    private readonly served: ServedCertificates,
    private readonly clock: CertificatesClock,
  ) {}

  list(): Promise<CertificateEntity[]> {
    return this.repository.list();
  }

  async get(id: string): Promise<CertificateEntity> {
    const row = await this.repository.find(id);
    if (!row) throw new NotFoundError(`certificate ${id} not found`);
    return row;
  }

  async register(names: string[]): Promise<CertificateEntity> {
    this.keys.ring(); // refuses (503) while management is disabled
    const domains = [...new Set(names.map(normaliseHostname))];
    const errors = names
      .map((name, index) => ({ field: `domains.${index}`, reason: hostnameProblem(normaliseHostname(name)) }))
      .filter((e): e is { field: string; reason: string } => e.reason !== undefined);
    if (errors.length > 0) throw new ValidationError('invalid domain names', errors);
    const taken = await this.repository.overlapping(domains);
    if (taken.length > 0) {
      const clashes = domains.filter((d) => taken.some((row) => row.domains.includes(d)));
      throw new ConflictError(`already managed by another certificate: ${clashes.join(', ')}`);
    }
    const row = await this.repository.insert({
      domains,
      primaryDomain: domains[0],
      status: 'renewing',
      nextAttemptAt: this.clock.now(),
    });
    this.renewal.renewInBackground(row.id);
    return row;
  }

  /** Starts an attempt now, ignoring the backoff. */
  async triggerRenewal(id: string): Promise<CertificateEntity> {
    this.keys.ring();
    const row = await this.get(id);
    this.renewal.renewInBackground(id);
    return row;
  }

  async remove(id: string): Promise<void> {
    await this.renewal.idle();
    if (!(await this.repository.remove(id))) throw new NotFoundError(`certificate ${id} not found`);
    await this.served.refresh();
  }
}
