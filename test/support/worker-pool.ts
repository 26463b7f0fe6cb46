import { join } from 'node:path';
import { MetricsConfig, MetricsService } from '../../src/framework/metrics';
import { Clock } from '../../src/framework/scheduler/clock';
import { WorkerPool, WorkersConfig } from '../../src/framework/workers';
import { EngineClient } from '../../src/stages/engine/engine-client';

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

/**
 * The engine client on a pool: documents up to `inlineMaxBytes` (plain XML) are read in the
 * calling thread, the rest on the pool's threads; 0 sends every document to a thread.
 */
export function engineOn(pool: WorkerPool, inlineMaxBytes = new WorkersConfig().engineInlineMaxBytes): EngineClient {
  return new EngineClient(pool, Object.assign(new WorkersConfig(), { engineInlineMaxBytes: inlineMaxBytes }));
}

/** Worker tasks counted by the pool's duration histogram with these labels (task, outcome, thread). */
export async function workerTaskCount(metrics: MetricsService, labels: Record<string, string> = {}): Promise<number> {
  const metric = await metrics.registry.getSingleMetric('worker_task_duration_seconds')!.get();
  const values = metric.values as Array<(typeof metric.values)[number] & { metricName?: string }>;
  return values
    .filter((v) => v.metricName === 'worker_task_duration_seconds_count' && Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}

/** The same count as a service's GET /metrics shows it: worker tasks with these labels (task, outcome, thread). */
export async function servedWorkerTaskCount(baseUrl: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('worker_task_duration_seconds_count{') && Object.entries(labels).every(([k, want]) => line.includes(`${k}="${want}"`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
