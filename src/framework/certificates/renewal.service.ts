import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { NotFoundError } from '../errors';
import { EventBus } from '../events/event-bus';
import { MetricsService } from '../metrics/metrics.service';
import { AcmeIssuer } from './acme-issuer';
import { retryDelayMs } from './backoff';
import { CertificateKeys, certificateKeyAad } from './certificate-keys';
import { CertificateRepository } from './certificate.repository';
import { CertificatesConfig } from './certificates.config';
import { TOPICS } from '../events/topics';
import { CertificateEscalation } from './certificates.events';
import { CertificatesClock } from './clock';
import type { CertificateEntity } from './entities/certificate.entity';
import { ServedCertificates } from './served-certificates';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_ERROR_LENGTH = 500;

/**
 * Issues and renews certificates. A certificate is due when it has none yet or fewer than
 * CERTIFICATE_RENEW_BEFORE_DAYS remain; a failure sets status `error`, keeps the last valid
 * certificate (still served until it expires) and schedules the next attempt with exponential
 * backoff in next_attempt_at. A failure with fewer than CERTIFICATE_ESCALATE_BEFORE_DAYS left
 * escalates: lifecycle error event, metric, error log (and the health contributor turns degraded).
 */
@Injectable()
export class RenewalService {
  private readonly logger = new Logger('Certificates');
  private readonly inFlight = new Map<string, Promise<CertificateEntity | undefined>>();
  private readonly renewals: Counter<'outcome'>;

  constructor(
    private readonly repository: CertificateRepository,
    private readonly issuer: AcmeIssuer,
    private readonly keys: CertificateKeys,
    private readonly served: ServedCertificates,
    private readonly config: CertificatesConfig,
    private readonly clock: CertificatesClock,
    private readonly bus: EventBus,
    metrics: MetricsService,
  ) {
    this.renewals = metrics.counter({
      name: 'certificate_renewals_total',
      help: 'Certificate issuance and renewal attempts by outcome (succeeded, failed).',
      labelNames: ['outcome'] as const,
    });
  }

  /** The scheduled check: attempts every due certificate whose backoff has elapsed. */
  async renewDue(): Promise<string> {
    if (!this.keys.enabled) return 'certificate management disabled';
    const now = this.clock.now();
    const due = (await this.repository.dueForAttempt(now)).filter((row) => this.needsRenewal(row, now));
    let renewed = 0;
    for (const row of due) {
      const result = await this.renew(row.id);
      if (result?.status === 'valid') renewed++;
    }
    // Also picks up certificates renewed by other replicas.
    await this.served.refresh();
    return `due ${due.length}, renewed ${renewed}, failed ${due.length - renewed}`;
  }

  /** Starts an attempt without waiting (registration, manual trigger); errors end up on the row. */
  renewInBackground(id: string): void {
    void this.renew(id).catch((error: Error) => this.logger.error({ msg: 'background renewal failed', certificateId: id, reason: error.message }));
  }

  /** One attempt now, whatever the backoff says; concurrent calls for one certificate share it. */
  renew(id: string): Promise<CertificateEntity | undefined> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const attempt = this.attempt(id).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, attempt);
    return attempt;
  }

  /** Resolves once no attempt is running (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  needsRenewal(row: CertificateEntity, now: Date): boolean {
    return !row.expiresAt || row.expiresAt.getTime() - now.getTime() < this.config.certificateRenewBeforeDays * DAY_MS;
  }

  private async attempt(id: string): Promise<CertificateEntity | undefined> {
    const row = await this.repository.find(id);
    if (!row) throw new NotFoundError(`certificate ${id} not found`);
    const startedAt = this.clock.now();
    await this.repository.markRenewing(id, startedAt);
    try {
      const issued = await this.issuer.issue(row.domains);
      const sealed = this.keys.ring().seal(Buffer.from(issued.privateKeyPem, 'utf8'), certificateKeyAad(id));
      const nextAttemptAt = new Date(issued.notAfter.getTime() - this.config.certificateRenewBeforeDays * DAY_MS);
      await this.repository.recordAttempt(
        id,
        {
          status: 'valid',
          certificatePem: issued.certificatePem,
          chainPem: issued.chainPem,
          privateKeySealed: sealed.sealed,
          keyId: sealed.keyId,
          serialNumber: issued.serialNumber,
          notBefore: issued.notBefore,
          expiresAt: issued.notAfter,
          failureCount: 0,
          lastError: null,
          nextAttemptAt,
        },
        { certificateId: id, startedAt, finishedAt: this.clock.now(), outcome: 'succeeded', error: null, serialNumber: issued.serialNumber, nextAttemptAt },
      );
      this.renewals.inc({ outcome: 'succeeded' });
      this.logger.log({ msg: 'certificate issued', certificateId: id, domains: row.domains, serialNumber: issued.serialNumber, expiresAt: issued.notAfter.toISOString() });
      await this.served.refresh();
    } catch (error) {
      await this.recordFailure(row, startedAt, describe(error));
    }
    return (await this.repository.find(id)) ?? undefined;
  }

  private async recordFailure(row: CertificateEntity, startedAt: Date, message: string): Promise<void> {
    const now = this.clock.now();
    const failureCount = row.failureCount + 1;
    const nextAttemptAt = new Date(now.getTime() + retryDelayMs(failureCount, this.config.certificateRetryBaseMs, this.config.certificateRetryMaxMs));
    if (!(await this.repository.find(row.id))) return; // removed while the order ran
    await this.repository.recordAttempt(
      row.id,
      { status: 'error', lastError: message, failureCount, nextAttemptAt },
      { certificateId: row.id, startedAt, finishedAt: now, outcome: 'failed', error: message, serialNumber: null, nextAttemptAt },
    );
    this.renewals.inc({ outcome: 'failed' });
    this.logger.warn({ msg: 'certificate renewal failed', certificateId: row.id, domains: row.domains, failureCount, nextAttemptAt: nextAttemptAt.toISOString(), reason: message });
    if (row.expiresAt && row.expiresAt.getTime() - now.getTime() < this.config.certificateEscalateBeforeDays * DAY_MS) {
      this.escalate(row, now, failureCount, message);
    }
  }

  private escalate(row: CertificateEntity, now: Date, failureCount: number, message: string): void {
    const daysLeft = Math.max(0, Math.floor((row.expiresAt!.getTime() - now.getTime()) / DAY_MS));
    const event: CertificateEscalation = {
      timestamp: now,
      module: 'certificates',
      phase: 'error',
      details: { certificateId: row.id, domains: row.domains, expiresAt: row.expiresAt!.toISOString(), daysLeft, failureCount, error: message },
      correlationId: randomUUID(),
    };
    this.bus.publish(TOPICS.certificateEscalated, event, { correlationId: event.correlationId, occurredAt: now });
    this.logger.error({ msg: 'certificate expires soon and renewal keeps failing', ...event.details });
  }
}

/** A short, single-line reason for the row and the logs (ACME problem detail or network error). */
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_LENGTH) || 'unknown error';
}
