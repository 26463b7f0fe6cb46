import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authHeaders, TEST_JWT_SECRET } from '../support/auth';
import { eventually } from '../support/eventually';
import { EXAMPLES } from '../support/paths';
import { buildService, ServiceProcess, startServiceProcess } from '../support/service-process';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { servedWorkerTaskCount } from '../support/worker-pool';

/** The pids of a process's children (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** WEB_CONCURRENCY: dist/main.js as a primary with N workers (node:cluster) on one port. */
describe('main: WEB_CONCURRENCY workers', () => {
  let db: TestDatabase;
  let build: { dir: string; remove(): void };
  const processes: ServiceProcess[] = [];
  const workerPids: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    build = await buildService();
  }, 120_000);

  afterAll(async () => {
    // After a failed test: the workers first (they would outlive a killed primary), then the primaries.
    for (const pid of workerPids.filter(isAlive)) process.kill(pid, 'SIGKILL');
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await db?.drop();
    build?.remove();
  });

  const start = async () => {
    const service = await startServiceProcess(
      build.dir,
      {
        DATABASE_URL: db.url,
        DB_POOL_SIZE: db.kind === 'embedded' ? '1' : '4',
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        WEB_CONCURRENCY: '2',
        SHUTDOWN_TIMEOUT_MS: '5000',
      },
      60_000,
    );
    processes.push(service);
    // startServiceProcess saw one worker ready; both are listening once the primary says so.
    await eventually(() => service.output().includes('2 workers listening') || undefined, { timeoutMs: 30_000, intervalMs: 100, describe: () => `two workers:\n${service.output()}` });
    const workers = childrenOf(service.child.pid!);
    workerPids.push(...workers);
    return { service, workers };
  };

  it('serves from two worker processes, and SIGTERM to the primary stops both and exits 0', async () => {
    const { service, workers } = await start();
    expect(workers).toHaveLength(2);
    expect(workers.every(isAlive)).toBe(true);
    for (let i = 0; i < 4; i++) expect((await fetch(`${service.baseUrl}/health/ready`)).status).toBe(200);

    service.child.kill('SIGTERM');

    expect(await service.exited).toBe(0);
    expect(workers.filter(isAlive)).toEqual([]);
    await expect(fetch(`${service.baseUrl}/health/live`)).rejects.toThrow();
  }, 90_000);

  it('a worker that dies stops the other and the primary exits 1', async () => {
    const { service, workers } = await start();

    process.kill(workers[0], 'SIGKILL');

    expect(await service.exited).toBe(1);
    expect(workers.filter(isAlive)).toEqual([]);
  }, 90_000);
});

/**
 * V8's flags on node's command line (`node --max-old-space-size=… dist/main.js`, as operators size
 * a container's heap): the engine's worker threads start and serve. A Worker refuses V8 and
 * per-process flags in an execArgv it is given; the pool lets its threads inherit the options.
 */
describe('main: V8 flags on the command line', () => {
  let db: TestDatabase;
  let build: { dir: string; remove(): void };
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    build = await buildService();
  }, 120_000);

  afterAll(async () => {
    if (service && service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL');
    await service?.exited;
    await db?.drop();
    build?.remove();
  });

  it('boots with --max-old-space-size and --max-semi-space-size and judges a document on a worker thread', async () => {
    service = await startServiceProcess(
      build.dir,
      {
        DATABASE_URL: db.url,
        DB_POOL_SIZE: db.kind === 'embedded' ? '1' : '4',
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        // Every document goes to the pool's threads, none is read in the request thread.
        ENGINE_INLINE_MAX_BYTES: '0',
        WORKER_POOL_SIZE: '1',
      },
      60_000,
      ['--max-old-space-size=768', '--max-semi-space-size=16'],
    );
    const document = readFileSync(join(EXAMPLES, 'ubl', 'issue116.xml'));
    const answer = await fetch(`${service.baseUrl}/api/v1/validate?rule_set=en16931`, {
      method: 'POST',
      headers: { ...(await authHeaders('submitter', { tenantId: 'default' })), 'content-type': 'application/xml' },
      body: document,
    });
    expect({ status: answer.status, report: await answer.json() }).toMatchObject({ status: 200, report: { valid: true, rule_set: 'en16931', syntax: 'UBL', errors: [] } });
    expect(await servedWorkerTaskCount(service.baseUrl, { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
