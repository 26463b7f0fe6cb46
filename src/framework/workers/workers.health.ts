import { Injectable } from '@nestjs/common';
import { HealthContributor, HealthContributorProvider, HealthOutcome } from '../health/health-contributor';
import { WorkerPool } from './worker-pool';
import { WorkersConfig } from './workers.config';

/**
 * The worker pool: unhealthy when it is not running (no document can be parsed), degraded while
 * its queue is more than 80% full; the message carries the queue depth and how many threads were
 * terminated (deadline, out of memory) and replaced since start.
 */
@Injectable()
@HealthContributorProvider()
export class WorkersHealth implements HealthContributor {
  readonly name = 'workers';
  readonly optional = false;

  constructor(
    private readonly pool: WorkerPool,
    private readonly config: WorkersConfig,
  ) {}

  async check(): Promise<HealthOutcome> {
    const stats = this.pool.stats();
    const message = `threads ${stats.threads}, queue ${stats.queueDepth}/${this.config.workerQueueLimit}, terminated ${stats.terminated}, timeouts ${stats.timeouts}`;
    if (!stats.started) return { status: 'unhealthy', message: `not running; ${message}` };
    return { status: stats.queueDepth > this.config.workerQueueLimit * 0.8 ? 'degraded' : 'healthy', message };
  }
}
