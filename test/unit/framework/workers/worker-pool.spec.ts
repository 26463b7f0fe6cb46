import { WorkerPoolError, WorkerTaskTimeoutError, type WorkerPool } from '../../../../src/framework/workers';
import { WorkersHealth } from '../../../../src/framework/workers/workers.health';
import { poolSize, WorkersConfig } from '../../../../src/framework/workers';
import type { MetricsService } from '../../../../src/framework/metrics';
import { eventually } from '../../../support/eventually';
import { LOAD_STAMP_WORKER, startWorkerPool, TEST_TASKS_WORKER } from '../../../support/worker-pool';
import { markStarted, TaskStarts } from '../../../../src/framework/workers/task-runner.protocol';

const FILE = TEST_TASKS_WORKER;
const task = (name: string) => ({ filename: FILE, name });

async function sample(metrics: MetricsService, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)!.get();
  // A histogram's samples are its buckets, sum and count: count its observations only.
  const values = metric.values as Array<(typeof metric.values)[number] & { metricName?: string }>;
  const samples = values.some((v) => v.metricName === `${name}_count`) ? values.filter((v) => v.metricName === `${name}_count`) : values;
  return samples.filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want)).reduce((sum, v) => sum + v.value, 0);
}

describe('WorkerPool', () => {
  let pool: WorkerPool;
  let metrics: MetricsService;
  const settings = { workerPoolSize: 1, workerTaskDeadlineMs: 1500, workerQueueLimit: 2, workerMaxHeapMb: 64 };

  beforeAll(async () => {
    ({ pool, metrics } = await startWorkerPool(settings));
  });
  afterAll(() => pool.stop());

  it('runs a task in a worker thread and returns its answer', async () => {
    await expect(pool.run(task('echo'), { value: 'hi' })).resolves.toEqual({ value: 'hi', inWorker: true });
    expect(await sample(metrics, 'worker_task_duration_seconds', { task: 'echo', outcome: 'ok' })).toBeGreaterThan(0);
  });

  it('terminates a task that outlives its deadline, replaces the thread, and keeps serving', async () => {
    const before = pool.stats();
    await expect(pool.run(task('spinForever'), {})).rejects.toBeInstanceOf(WorkerTaskTimeoutError);
    await eventually(() => (pool.stats().terminated === before.terminated + 1 && pool.stats().threads === 1) || undefined);
    expect(pool.stats()).toMatchObject({ terminated: before.terminated + 1, timeouts: before.timeouts + 1, threads: 1 });
    await expect(pool.run(task('echo'), { value: 'after' })).resolves.toEqual({ value: 'after', inWorker: true });
    expect(await sample(metrics, 'worker_task_timeouts_total', { task: 'spinForever' })).toBe(1);
    expect(await sample(metrics, 'worker_threads_terminated_total')).toBeGreaterThanOrEqual(1);
  });

  it('stops the task when its caller gives up before the deadline', async () => {
    const caller = new AbortController();
    const running = pool.run(task('spinForever'), {}, { signal: caller.signal });
    caller.abort();
    await expect(running).rejects.toBeInstanceOf(WorkerTaskTimeoutError);
    await expect(pool.run(task('echo'), { value: 'still' })).resolves.toMatchObject({ value: 'still' });
  });

  it('reports an error thrown by the task as a WorkerPoolError with the cause', async () => {
    const error = await pool.run(task('fail'), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerPoolError);
    expect((error as Error).cause).toMatchObject({ message: 'task failed on purpose' });
  });

  it('fails a task that exhausts its heap limit and replaces the thread', async () => {
    // A pool of its own with a deadline far away, so only the heap limit can end the task, however
    // slowly a loaded machine fills 64 MB.
    const { pool: heapPool } = await startWorkerPool({ ...settings, workerTaskDeadlineMs: 60_000 });
    try {
      const before = heapPool.stats().terminated;
      await expect(heapPool.run(task('exhaustHeap'), {})).rejects.toBeInstanceOf(WorkerPoolError);
      await eventually(() => (heapPool.stats().terminated === before + 1 && heapPool.stats().threads === 1) || undefined);
      await expect(heapPool.run(task('echo'), { value: 'recovered' })).resolves.toMatchObject({ value: 'recovered' });
    } finally {
      await heapPool.stop();
    }
  });

  it('counts the deadline from the start of each task: tasks queued behind a stuck one still run', async () => {
    const busy = pool.run(task('spinForever'), {});
    const queued = [pool.run(task('echo'), { value: 'q1' }), pool.run(task('echo'), { value: 'q2' })];
    expect(pool.stats().queueDepth).toBe(2);
    // Two of two queue places taken: above 80%, the pool reports degraded health.
    expect(await new WorkersHealth(pool, Object.assign(new WorkersConfig(), settings)).check()).toMatchObject({ status: 'degraded', message: expect.stringContaining('queue 2/2') });
    await expect(busy).rejects.toBeInstanceOf(WorkerTaskTimeoutError);
    await expect(Promise.all(queued)).resolves.toEqual([
      { value: 'q1', inWorker: true },
      { value: 'q2', inWorker: true },
    ]);
  });

  it('a task that waited longer than the deadline and then runs forever is still stopped, a deadline after it started', async () => {
    const busy = pool.run(task('spinForever'), {});
    const queuedAt = performance.now();
    const queued = pool.run(task('spinForever'), {}).catch((e: unknown) => e);
    await expect(busy).rejects.toBeInstanceOf(WorkerTaskTimeoutError);
    expect(await queued).toBeInstanceOf(WorkerTaskTimeoutError);
    // It waited about one deadline for the thread, then ran for one.
    expect(performance.now() - queuedAt).toBeGreaterThanOrEqual(2 * settings.workerTaskDeadlineMs - 50);
  });

  it('refuses tasks beyond the queue limit at once instead of queueing them', async () => {
    const busy = pool.run(task('spinForever'), {});
    const queued = [pool.run(task('echo'), { value: 'q1' }), pool.run(task('echo'), { value: 'q2' })];
    const refused = await pool.run(task('echo'), { value: 'q3' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkerPoolError);
    expect((refused as Error).message).toMatch(/refused: 2 tasks are already waiting/);
    expect(await sample(metrics, 'worker_task_duration_seconds', { task: 'echo', outcome: 'refused' })).toBe(1);
    await expect(busy).rejects.toBeInstanceOf(WorkerTaskTimeoutError);
    await expect(Promise.all(queued)).resolves.toHaveLength(2);
  });

  it('a caller giving up while its task waits removes it from the queue', async () => {
    const busy = pool.run(task('spinForever'), {});
    const caller = new AbortController();
    const waiting = pool.run(task('echo'), { value: 'never' }, { signal: caller.signal });
    caller.abort();
    await expect(waiting).rejects.toBeInstanceOf(WorkerTaskTimeoutError);
    expect(pool.stats().queueDepth).toBe(0);
    await expect(busy).rejects.toBeInstanceOf(WorkerTaskTimeoutError);
  });

  it('runs a function in the calling thread within a budget per turn of the event loop: spent, no more until the turn ends', async () => {
    /** Holds the thread for at least `ms` (a synchronous task, as the engine's reads are). */
    const hold = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
      return ms;
    };
    // A budget far above what a loaded machine adds to the first hold, reached by the second.
    const { pool: budgeted, metrics: counted } = await startWorkerPool({ ...settings, workerCallerBudgetMs: 1000 });
    const { pool: small } = await startWorkerPool({ ...settings, workerCallerBudgetMs: 20 });
    const { pool: none } = await startWorkerPool({ ...settings, workerCallerBudgetMs: 0 });
    try {
      expect(budgeted.hasCallerBudget()).toBe(true);
      // Both in one turn: the time adds up.
      await expect(budgeted.runHere(task('hold'), hold, 600)).resolves.toBe(600);
      expect(budgeted.hasCallerBudget()).toBe(true);
      await budgeted.runHere(task('hold'), hold, 600);
      expect(budgeted.hasCallerBudget()).toBe(false);
      // The next turn starts afresh.
      await new Promise((resolve) => setImmediate(resolve));
      expect(budgeted.hasCallerBudget()).toBe(true);
      expect(await sample(counted, 'worker_task_duration_seconds', { task: 'hold', outcome: 'ok', thread: 'caller' })).toBe(2);
      // A throw is a pool failure, and its time counts too.
      const failing = await small
        .runHere(task('hold'), (ms: number) => {
          hold(ms);
          throw new Error('task bug');
        }, 25)
        .catch((e: unknown) => e);
      expect(failing).toBeInstanceOf(WorkerPoolError);
      expect(small.hasCallerBudget()).toBe(false);
      // 0: nothing runs in the calling thread.
      expect(none.hasCallerBudget()).toBe(false);
    } finally {
      await Promise.all([budgeted.stop(), small.stop(), none.stop()]);
    }
  });

  it('health: healthy while running with the counts in the message; unhealthy when stopped', async () => {
    const config = Object.assign(new WorkersConfig(), settings);
    const running = await new WorkersHealth(pool, config).check();
    expect(running.status).toBe('healthy');
    expect(running.message).toMatch(/^threads 1, queue 0\/2, terminated \d+, timeouts \d+$/);
    const { pool: other } = await startWorkerPool(settings);
    await other.stop();
    expect(await new WorkersHealth(other, config).check()).toMatchObject({ status: 'unhealthy' });
    await expect(other.run(task('echo'), { value: 'x' })).rejects.toBeInstanceOf(WorkerPoolError);
  });
});

describe('TaskStarts (where the threads stamp the start of their tasks)', () => {
  it('a task counts as started only once its own thread stamped it; a stale stamp for the previous holder of the slot does not count', () => {
    const starts = new TaskStarts(2);
    starts.assign(1, 7);
    expect(starts.runningFor(1, 7)).toBeUndefined();
    markStarted(starts.view, 1, 7);
    expect(starts.runningFor(1, 7)).toBeGreaterThanOrEqual(0);
    expect(starts.runningFor(1, 7)).toBeLessThan(1000);
    starts.assign(1, 8);
    expect(starts.runningFor(1, 8)).toBeUndefined();
    markStarted(starts.view, 1, 7);
    expect(starts.runningFor(1, 8)).toBeUndefined();
    expect(starts.runningFor(1, 7)).toBeUndefined();
    markStarted(starts.view, 1, 8);
    expect(starts.runningFor(1, 8)).toBeGreaterThanOrEqual(0);
    expect(starts.runningFor(0, 8)).toBeUndefined();
  });
});

describe('WorkersConfig', () => {
  it('0 threads means the available cores minus one, at least one', () => {
    const config = new WorkersConfig();
    expect(poolSize(config, 8)).toBe(7);
    expect(poolSize(config, 1)).toBe(1);
    expect(poolSize(Object.assign(new WorkersConfig(), { workerPoolSize: 3 }), 8)).toBe(3);
  });

  describe('preload', () => {
    const stamp = { filename: LOAD_STAMP_WORKER, name: 'loadedAt' };

    it('a preloaded worker file is loaded by every thread before start() resolves', async () => {
      const { pool: preloading } = await startWorkerPool({ workerPoolSize: 2 }, [LOAD_STAMP_WORKER]);
      try {
        const started = Date.now();
        const stamps = await Promise.all([preloading.run<unknown, { loadedAt: number }>(stamp, {}), preloading.run<unknown, { loadedAt: number }>(stamp, {})]);
        for (const { loadedAt } of stamps) expect(loadedAt).toBeLessThanOrEqual(started);
      } finally {
        await preloading.stop();
      }
    });

    it('without preload the file loads with its first task, after start()', async () => {
      const { pool: lazy } = await startWorkerPool({ workerPoolSize: 1 });
      try {
        const started = Date.now();
        const { loadedAt } = await lazy.run<unknown, { loadedAt: number }>(stamp, {});
        expect(loadedAt).toBeGreaterThan(started);
      } finally {
        await lazy.stop();
      }
    });

    it('a preloaded file that fails to load fails its tasks, not the pool', async () => {
      const { pool: broken } = await startWorkerPool({ workerPoolSize: 1 }, [`${LOAD_STAMP_WORKER}.missing.ts`]);
      try {
        await expect(broken.run({ filename: `${LOAD_STAMP_WORKER}.missing.ts`, name: 'loadedAt' }, {})).rejects.toBeInstanceOf(WorkerPoolError);
        await expect(broken.run(task('echo'), { value: 'still' })).resolves.toEqual({ value: 'still', inWorker: true });
      } finally {
        await broken.stop();
      }
    });
  });
});
