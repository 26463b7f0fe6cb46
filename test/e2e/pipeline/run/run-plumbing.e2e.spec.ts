import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunQueue } from '../../../../src/pipeline/run/run-queue';
import { RunWaiters } from '../../../../src/pipeline/run/run-waiters';
import { RunWorker } from '../../../../src/pipeline/run/run-worker';
import { authHeaders } from '../../../support/auth';
import { eventually } from '../../../support/eventually';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';

const EXAMPLES = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'conformance', 'en16931', 'examples');
const example = readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Max_content.xml'));

/**
 * The run plumbing is used, not idle: a replayed ?wait=true is woken by RunWaiters (no polling),
 * and a run's stages log under the correlation id of the request that submitted it (a queued run
 * processed outside any request, and an inline run in the request's own log context). Workers
 * are off: the test plays the worker (claims and processes the run itself, outside any request),
 * and the safety re-check of a waiting replay is set far beyond the test.
 */
describe('run plumbing: awaited waiters, correlation ids in stage logs', () => {
  let db: TestDatabase;
  let running: RunningApp;
  let auth: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startApp(testConfig({ DATABASE_URL: db.url, PIPELINE_WORKERS_ENABLED: false, PIPELINE_WORKER_POLL_MS: 60000, LOG_LEVEL: 'debug', TENANT_APPROVAL_THRESHOLD: '1000000000' }));
    auth = await authHeaders('submitter', { tenantId: 'default' });
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  const submit = (headers: Record<string, string>, query = '') =>
    fetch(`${running.baseUrl}/api/v1/invoices${query}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/xml', ...headers }, body: example });

  /** What a worker does: claim the queued run and process it (here outside any request). */
  const processQueuedRun = async () => {
    const run = await running.app.get(RunQueue).claim(10000);
    expect(run).not.toBeNull();
    await running.app.get(RunWorker).runInline(run!);
    return run!;
  };

  it('a replayed ?wait=true is woken by the run ending, without polling', async () => {
    const first = await submit({ 'idempotency-key': 'plumbing-wait-1' });
    expect(first.status).toBe(202);
    const waiters = running.app.get(RunWaiters);
    const wait = jest.spyOn(waiters, 'wait');
    const openRun = jest.spyOn(running.app.get(RunQueue), 'openRun');
    try {
      const replay = submit({ 'idempotency-key': 'plumbing-wait-1' }, '?wait=true');
      // The replay found the run open and waits on its notification.
      await eventually(() => (wait.mock.calls.length > 0 ? true : undefined));
      const run = await processQueuedRun();
      const response = await replay;
      expect(response.status).toBe(200);
      expect(response.headers.get('idempotent-replayed')).toBe('true');
      expect((await json(response)).status).toMatch(/^completed/);
      // Waited once, for the whole wait budget (PIPELINE_WAIT_TIMEOUT_MS, below the re-check interval).
      expect(wait.mock.calls).toEqual([[run.runId, expect.any(Number)]]);
      expect(wait.mock.calls[0][1]).toBeGreaterThan(20000);
      // One look before waiting, one after the wake-up: a 20 ms poll would have looked many times.
      expect(openRun).toHaveBeenCalledTimes(2);
    } finally {
      wait.mockRestore();
      openRun.mockRestore();
    }
  });

  it('the stages of a queued run log under the correlation id of the request that submitted it', async () => {
    const correlationId = 'plumbing-corr-7f3a';
    const response = await submit({ 'x-request-id': correlationId });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-request-id')).toBe(correlationId);
    const linesBefore = running.logs.lines.length;
    const run = await processQueuedRun();
    expect(run.correlationId).toBe(correlationId);
    const stageLines = running.logs.lines.slice(linesBefore).filter((l) => l.context === 'Stage');
    expect(stageLines.map((l) => l.stage)).toEqual(expect.arrayContaining(['parse', 'validate']));
    for (const line of stageLines) expect({ stage: line.stage, correlationId: line.correlationId }).toEqual({ stage: line.stage, correlationId });
  });

  it('the stages of an inline run (?wait=true) log under the correlation id of the request that waits for it', async () => {
    const correlationId = 'plumbing-corr-inline-2b9c';
    const linesBefore = running.logs.lines.length;
    // Another invoice number: the example was submitted above already (this one would be its duplicate).
    const body = example.toString('utf8').replace(/<cbc:ID>[^<]*<\/cbc:ID>/, '<cbc:ID>PLUMBING-INLINE-1</cbc:ID>');
    const response = await fetch(`${running.baseUrl}/api/v1/invoices?wait=true`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/xml', 'x-request-id': correlationId },
      body,
    });
    expect(response.status).toBe(200);
    expect((await json(response)).status).toMatch(/^completed/);
    const stageLines = running.logs.lines.slice(linesBefore).filter((l) => l.context === 'Stage');
    expect(stageLines.map((l) => l.stage)).toEqual(expect.arrayContaining(['parse', 'validate', 'export']));
    for (const line of stageLines) expect({ stage: line.stage, correlationId: line.correlationId }).toEqual({ stage: line.stage, correlationId });
  });
});
