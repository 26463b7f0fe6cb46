import { join } from 'node:path';
import { MetricsConfig, MetricsService } from '../../src/framework/metrics';
import { Clock } from '../../src/framework/scheduler/clock';
import { WorkerPool, WorkersConfig } from '../../src/framework/workers';

/** A worker file that records when a thread loaded it (test/support/load-stamp.worker.ts). */
export const LOAD_STAMP_WORKER = join(__dirname, 'load-stamp.worker.ts');

/** Tasks the pool tests run (test/support/test-tasks.worker.ts). */
export const TEST_TASKS_WORKER = join(__dirname, 'test-tasks.worker.ts');

/** A started WorkerPool outside Nest (unit tests of the pool and of the engine-backed stage modules); stop it in afterAll. */
export async function startWorkerPool(settings: Partial<WorkersConfig> = {}, preload: readonly string[] = []): Promise<{ pool: WorkerPool; metrics: MetricsService }> {
  const metrics = new MetricsService(Object.assign(new MetricsConfig(), { metricsDefaultEnabled: false }), new Clock());
  const pool = new WorkerPool(Object.assign(new WorkersConfig(), settings), metrics);
  for (const filename of preload) pool.preload(filename);
  await pool.start();
  return { pool, metrics };
}
