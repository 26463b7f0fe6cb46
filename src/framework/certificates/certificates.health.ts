import { Injectable } from '@nestjs/common';
import { HealthContributor, HealthContributorProvider, HealthOutcome } from '../health/health-contributor';
import { CertificateKeys } from './certificate-keys';
import { CertificateRepository } from './certificate.repository';
import { CertificatesConfig } from './certificates.config';
import { CertificatesClock } from './clock';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Degraded while a certificate has fewer than CERTIFICATE_ESCALATE_BEFORE_DAYS left and its
 * renewal is failing; unhealthy once one has expired. Optional: plain HTTP traffic is unaffected.
 */
@Injectable()
@HealthContributorProvider()
export class CertificatesHealth implements HealthContributor {
  readonly name = 'certificates';
  readonly optional = true;

  constructor(
    private readonly repository: CertificateRepository,
    private readonly keys: CertificateKeys,
    private readonly config: CertificatesConfig,
    private readonly clock: CertificatesClock,
  ) {}

  async check(): Promise<HealthOutcome> {
    if (!this.keys.enabled) return { status: 'healthy', message: 'certificate management disabled' };
    const now = this.clock.now().getTime();
    const rows = await this.repository.list();
    const expired = rows.filter((r) => r.expiresAt && r.expiresAt.getTime() <= now);
    if (expired.length > 0) return { status: 'unhealthy', message: `expired: ${expired.map((r) => r.primaryDomain).join(', ')}` };
    const escalated = rows.filter((r) => r.status === 'error' && r.expiresAt && r.expiresAt.getTime() - now < this.config.certificateEscalateBeforeDays * DAY_MS);
    if (escalated.length > 0) {
      return { status: 'degraded', message: `renewal failing with < ${this.config.certificateEscalateBeforeDays} days left: ${escalated.map((r) => r.primaryDomain).join(', ')}` };
    }
    const soonest = rows.map((r) => r.expiresAt?.getTime()).filter((t): t is number => t !== undefined).sort((a, b) => a - b)[0];
    const next = soonest === undefined ? '' : `, next expiry in ${Math.floor((soonest - now) / DAY_MS)} days`;
    return { status: 'healthy', message: `${rows.length} certificates${next}` };
  }
}
