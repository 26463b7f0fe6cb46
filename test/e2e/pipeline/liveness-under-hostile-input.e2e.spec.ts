import { Module } from '@nestjs/common';
import { StageModule } from '../../../src/pipeline/catalogue/stage-module.decorator';
import type { StageModuleImplementation } from '../../../src/pipeline/catalogue/stage-module';
import { authHeaders } from '../../support/auth';
import { activateSelections } from '../../support/configurations';
import { eventually } from '../../support/eventually';
import { json, RunningApp, startApp, testConfig } from '../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../support/test-database';
import { billionLaughsLines } from '../../support/hostile-input';
import { servedWorkerTaskCount } from '../../support/worker-pool';
import { FINAL_INVOICE_STATUSES } from '../../../src/domain/invoice-status';

/** A strict parser that always fails with a module fault, so the parse stage's fallback (lenient-xml) reads the document. */
@StageModule({ id: 'always-failing-parse', name: 'Always failing parse', version: '1.0.0', stage: 'parse', contract: { name: 'parse', version: '1.0.0' } })
class AlwaysFailingParse implements StageModuleImplementation {
  async execute(): Promise<unknown> {
    throw new Error('strict parser unavailable');
  }
}

@Module({ providers: [AlwaysFailingParse] })
class HostileTestModules {}

const FINAL: string[] = [...FINAL_INVOICE_STATUSES];
const UBL = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
/** The document of the report: 100 000 unclosed `<ID ` tags, 400 KB (34 s of event loop with the old regexes). */
const REGEX_BOMB = '<Invoice>' + '<ID '.repeat(100000);
const DEEP = `<Invoice xmlns="${UBL}">` + '<cac:X>'.repeat(50000) + '</cac:X>'.repeat(50000) + '</Invoice>';

describe('liveness under hostile input', () => {
  let db: TestDatabase;
  let running: RunningApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startApp(testConfig({ DATABASE_URL: db.url, PIPELINE_POLICY_CACHE_MS: 0, WORKER_POOL_SIZE: 1 }), { imports: [HostileTestModules] });
    admin = { ...(await authHeaders('admin')), 'x-tenant-id': 'default' };
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  async function submit(document: string): Promise<string> {
    const response = await fetch(`${running.baseUrl}/api/v1/invoices`, { method: 'POST', headers: { ...admin, 'content-type': 'application/xml' }, body: document });
    expect(response.status).toBe(202);
    return (await json<{ id: string }>(response)).id;
  }

  async function status(id: string): Promise<string> {
    return (await json<{ status: string }>(await fetch(`${running.baseUrl}/api/v1/invoices/${id}`, { headers: admin }))).status;
  }

  /** Asks /health/live one request after the other until `done` settles; returns every status code. */
  async function pollLiveness(done: Promise<unknown>): Promise<number[]> {
    let finished = false;
    void done.finally(() => (finished = true)).catch(() => undefined);
    const codes: number[] = [];
    while (!finished || codes.length === 0) codes.push((await fetch(`${running.baseUrl}/health/live`)).status);
    await done;
    return codes;
  }

  const workerTasks = (task: string): Promise<number> => servedWorkerTaskCount(running.baseUrl, { task });

  it('keeps answering /health/live while lenient-xml reads the regex bomb, and the invoice reaches a final status', async () => {
    // The parse stage's timeout covers the fallback's worker task: a generous one, so a loaded CI
    // machine's slow extraction is not mistaken for a verdict (the test is about liveness, not speed).
    const policy = await fetch(`${running.baseUrl}/api/v1/fallback-policies/parse`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        fallback_module_id: 'lenient-xml',
        trigger_conditions: { error: true, timeout_ms: 60000, circuit_open: null, module_unavailable: true },
        actions: { retry: null, on_failure: 'use_fallback', mark_for_review: true },
      }),
    });
    expect(policy.status).toBe(200);
    await activateSelections(running.baseUrl, admin, [
      { stage_id: 'parse', module_id: 'always-failing-parse' },
      { stage_id: 'validate', module_id: 'en16931' },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
    ]);
    const ids = await Promise.all([submit(REGEX_BOMB), submit(REGEX_BOMB.replace('<Invoice>', '<Invoice><Note ' + 'a="1" '.repeat(50000)))]);
    const finals = Promise.all(ids.map((id) => eventually(async () => ((s) => (FINAL.includes(s) ? s : undefined))(await status(id)), { timeoutMs: 60000, intervalMs: 50 })));
    const codes = await pollLiveness(finals);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.filter((code) => code !== 200)).toEqual([]);
    // Neither document has an invoice number: lenient-xml says so, and the run fails with that verdict.
    expect(await finals).toEqual(['failed', 'failed']);
    const detail = await json(await fetch(`${running.baseUrl}/api/v1/invoices/${ids[0]}`, { headers: admin }));
    expect(JSON.stringify(detail)).toContain('no invoice number could be found in the document');
    // The extraction ran on the worker pool, not on the event loop.
    expect(await workerTasks('lenient')).toBeGreaterThanOrEqual(2);
  });

  it('keeps answering /health/live while the strict parser meets deep nesting and billion laughs', async () => {
    await activateSelections(running.baseUrl, admin, [
      { stage_id: 'parse', module_id: 'einvoice-xml' },
      { stage_id: 'validate', module_id: 'en16931' },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
    ]);
    const before = await workerTasks('parse');
    const ids = await Promise.all([submit(DEEP), submit(billionLaughsLines().join('\n'))]);
    const finals = Promise.all(ids.map((id) => eventually(async () => ((s) => (FINAL.includes(s) ? s : undefined))(await status(id)), { timeoutMs: 60000, intervalMs: 50 })));
    const codes = await pollLiveness(finals);
    expect(codes.filter((code) => code !== 200)).toEqual([]);
    for (const final of await finals) expect(FINAL).toContain(final);
    expect(await workerTasks('parse')).toBe(before + 2);
  });
});
