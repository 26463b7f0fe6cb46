import { Injectable, Logger } from '@nestjs/common';
import { isDatabaseUnavailable } from '../errors';
import { HealthContributor, HealthContributorProvider, HealthOutcome } from './health-contributor';
import { HealthRepository } from './health.repository';

const DATABASE_CHECK_TIMEOUT_MS = 500;

/**
 * The database answers a trivial query; required (nothing works without it). The probes are
 * public: a failure is reported as reachable-or-not, its driver message goes to the log only.
 */
@Injectable()
@HealthContributorProvider()
export class DatabaseHealth implements HealthContributor {
  readonly name = 'database';
  readonly optional = false;
  private readonly logger = new Logger('DatabaseHealth');

  constructor(private readonly repository: HealthRepository) {}

  async check(): Promise<HealthOutcome> {
    if (!this.repository.connected) return { status: 'unhealthy', message: 'not connected' };
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    // Bounded on its own, well inside a second: a database that stops answering (no refusal, no
    // reset) must turn readiness unhealthy as fast as one that refuses connections.
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), DATABASE_CHECK_TIMEOUT_MS)));
    try {
      const answer = await Promise.race([this.repository.ping(), timeout]);
      if (answer === 'timeout') return { status: 'unhealthy', message: `database did not answer within ${DATABASE_CHECK_TIMEOUT_MS} ms` };
    } catch (error) {
      this.logger.warn(`database health query failed: ${error instanceof Error ? error.message : String(error)}`);
      return { status: 'unhealthy', message: isDatabaseUnavailable(error) ? 'database unreachable' : 'health query failed' };
    } finally {
      clearTimeout(timer);
    }
    return { status: 'healthy', message: `SELECT 1 in ${Math.round(performance.now() - started)} ms` };
  }
}
