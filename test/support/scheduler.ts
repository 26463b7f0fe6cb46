import { DataSource } from 'typeorm';
import { MetricsConfig } from '../../src/framework/metrics/metrics.config';
import { MetricsService } from '../../src/framework/metrics/metrics.service';
import { SchedulerConfig } from '../../src/framework/scheduler/scheduler.config';
import { SchedulerRepository } from '../../src/framework/scheduler/scheduler.repository';
import { SchedulerService } from '../../src/framework/scheduler/scheduler.service';
import { FakeClock } from './fake-clock';
import { migratedDataSource } from './migrated-data-source';
import { serverUrl } from './test-database';

/** A SchedulerService as a replica would have it, on the given database connection and clock. */
export function schedulerInstance(dataSource: DataSource, clock: FakeClock, instanceId: string, settings: Partial<SchedulerConfig> = {}): SchedulerService {
  const metrics = new MetricsService(Object.assign(new MetricsConfig(), { metricsDefaultEnabled: false }), clock);
  const config = Object.assign(new SchedulerConfig(), { schedulerInstanceId: instanceId, schedulerEnabled: true, ...settings });
  return new SchedulerService(new SchedulerRepository(dataSource), clock, config, metrics);
}

export const minutes = (n: number) => n * 60 * 1000;
export const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

/**
 * The connection a second replica uses: its own pool on PostgreSQL, so claims really race across
 * sessions. PGlite runs a single session whose socket interleaves concurrent connections' protocol
 * messages, so there the replicas share the one pooled connection (claims race in the pool queue).
 */
export async function replicaConnection(url: string, primary: DataSource): Promise<{ dataSource: DataSource; release: () => Promise<void> }> {
  if (!serverUrl()) return { dataSource: primary, release: async () => undefined };
  const dataSource = await migratedDataSource(url);
  return { dataSource, release: () => dataSource.destroy() };
}
