import { Injectable, OnModuleInit } from '@nestjs/common';
import { SchedulerService } from '../scheduler/scheduler.service';
import { CertificatesConfig } from './certificates.config';
import { RenewalService } from './renewal.service';

export const CERTIFICATE_RENEWAL_JOB_ID = 'certificates.renewal';

/** Registers the renewal check with the scheduler (claimed in PostgreSQL: one replica runs each fire). */
@Injectable()
export class RenewalJob implements OnModuleInit {
  constructor(
    private readonly scheduler: SchedulerService,
    private readonly renewal: RenewalService,
    private readonly config: CertificatesConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.scheduler.register({
      jobId: CERTIFICATE_RENEWAL_JOB_ID,
      cron: this.config.certificateRenewalCron,
      // Every run looks at all due certificates, so one catch-up run covers any missed ones.
      catchUp: 'bounded_backfill',
      backfillLimit: { count: 1 },
      maxConcurrency: 1,
      description: `Renews certificates with fewer than ${this.config.certificateRenewBeforeDays} days left; failed ones retry with exponential backoff.`,
      handler: async () => this.renewal.renewDue(),
    });
  }
}
