import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from '../errors';
import { HealthContributor, HealthContributorProvider, HealthOutcome } from './health-contributor';

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

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<HealthOutcome> {
    if (!this.dataSource.isInitialized) return { status: 'unhealthy', message: 'not connected' };
    const started = performance.now();
    try {
      await this.dataSource.query('SELECT 1');
    } catch (error) {
      this.logger.warn(`database health query failed: ${error instanceof Error ? error.message : String(error)}`);
      return { status: 'unhealthy', message: isDatabaseUnavailable(error) ? 'database unreachable' : 'health query failed' };
    }
    return { status: 'healthy', message: `SELECT 1 in ${Math.round(performance.now() - started)} ms` };
  }
}
