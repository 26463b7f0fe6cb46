import { Injectable } from '@nestjs/common';
import { HealthContributor, HealthContributorProvider, HealthOutcome } from '../health/health-contributor';
import { SchedulerService } from './scheduler.service';

/** Degraded while a job's latest execution on this replica failed; optional (traffic is still served). */
@Injectable()
@HealthContributorProvider()
export class SchedulerHealth implements HealthContributor {
  readonly name = 'scheduler';
  readonly optional = true;

  constructor(private readonly scheduler: SchedulerService) {}

  async check(): Promise<HealthOutcome> {
    const failing = this.scheduler.recentOutcomes().filter((report) => report.outcome === 'failed');
    const jobs = this.scheduler.definitions().length;
    if (failing.length > 0) {
      return { status: 'degraded', message: `last run failed: ${failing.map((r) => r.jobId).join(', ')} (${jobs} jobs)` };
    }
    return { status: 'healthy', message: `${jobs} jobs registered` };
  }
}
