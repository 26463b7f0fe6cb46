import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthContributor, HealthContributorProvider, HealthOutcome } from './health-contributor';

/** The database answers a trivial query; required (nothing works without it). */
@Injectable()
@HealthContributorProvider()
export class DatabaseHealth implements HealthContributor {
  readonly name = 'database';
  readonly optional = false;

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<HealthOutcome> {
    if (!this.dataSource.isInitialized) return { status: 'unhealthy', message: 'not connected' };
    const started = performance.now();
    await this.dataSource.query('SELECT 1');
    return { status: 'healthy', message: `SELECT 1 in ${Math.round(performance.now() - started)} ms` };
  }
}
