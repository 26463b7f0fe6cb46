import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ownerQuery } from '../../../support/migrated-data-source';
import { StageModule } from '../../../../src/pipeline/catalogue/stage-module.decorator';
import type { StageModuleImplementation } from '../../../../src/pipeline/catalogue/stage-module';
import { authHeaders } from '../../../support/auth';
import { eventually } from '../../../support/eventually';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';
import { EXAMPLES } from '../../../support/paths';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Switchable failures: a test says which test modules fail, and counts their calls. */
const failing = { parse: true, validate: true, dedupe: true, approval: true };
const calls = { validate: 0 };

@StageModule({ id: 'broken-parse', name: 'Broken parse', version: '1.0.0', stage: 'parse', contract: { name: 'parse', version: '1.0.0' } })
class BrokenParse implements StageModuleImplementation {
  async execute(): Promise<unknown> {
    throw new Error('parser exploded');
  }
}

@StageModule({ id: 'flaky-validate', name: 'Flaky validate', version: '1.0.0', stage: 'validate', contract: { name: 'validate', version: '1.0.0' } })
class FlakyValidate implements StageModuleImplementation {
  async execute(): Promise<unknown> {
    calls.validate++;
    if (failing.validate) throw new Error('rules engine down');
    return { valid: true, rule_set: 'en16931', errors: [], warnings: [] };
  }
}

@StageModule({ id: 'broken-dedupe', name: 'Broken dedupe', version: '1.0.0', stage: 'duplicate-check', contract: { name: 'duplicate-check', version: '1.0.0' } })
class BrokenDedupe implements StageModuleImplementation {
  async execute(): Promise<unknown> {
    throw new Error('fingerprint store unreachable');
  }
}

@StageModule({ id: 'broken-approval', name: 'Broken approval', version: '1.0.0', stage: 'approval', contract: { name: 'approval', version: '1.0.0' } })
class BrokenApproval implements StageModuleImplementation {
  async execute(): Promise<unknown> {
    throw new Error('rules service down');
  }
}

@Module({ providers: [BrokenParse, FlakyValidate, BrokenDedupe, BrokenApproval] })
class FailingStageModules {}

const read = (path: string) => readFileSync(join(EXAMPLES, path));

/** The value of a sample in the Prometheus exposition carrying (at least) the given labels. */
async function sample(baseUrl: string, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** A loopback port nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('pipeline fallback interceptors over HTTP', () => {
  let db: TestDatabase;
  let running: RunningApp;
  let admin: Record<string, string>;
  let closed: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startApp(testConfig({ DATABASE_URL: db.url, PIPELINE_POLICY_CACHE_MS: 0, HEALTH_CACHE_MS: 0 }), { imports: [FailingStageModules] });
    admin = { ...(await authHeaders('admin')), 'x-tenant-id': 'default' };
    closed = `http://127.0.0.1:${await closedPort()}/hook`;
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${running.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };

  async function activate(selections: unknown[]): Promise<number> {
    const created = await call('POST', '/configurations', { summary: 'fallback test', selections });
    expect(created.status).toBe(201);
    const validated = await call('POST', `/configurations/${created.body.config_id}/validate`);
    expect(validated.body.problems).toEqual([]);
    const activated = await call('POST', `/configurations/${created.body.config_id}/activate`);
    expect(activated.status).toBe(200);
    return created.body.version;
  }

  async function submit(document: Buffer): Promise<Json> {
    const response = await fetch(`${running.baseUrl}/api/v1/invoices?wait=true`, { method: 'POST', headers: { ...admin, 'content-type': 'application/xml' }, body: document });
    expect(response.status).toBe(200);
    return json(response);
  }

  const stage = (detail: Json, id: string) => detail.stages.find((s: Json) => s.stage_id === id);

  it('completes through the fallback of every stage whose primary fails, recording module, reason and attempts', async () => {
    const version = await activate([
      { stage_id: 'parse', module_id: 'broken-parse' },
      { stage_id: 'validate', module_id: 'flaky-validate' },
      { stage_id: 'enrich', module_id: 'supplier-directory-http', settings: { url: closed, timeout_ms: 1000 } },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
      { stage_id: 'approval', module_id: 'broken-approval' },
      { stage_id: 'export', module_id: 'webhook', settings: { url: closed, timeout_ms: 1000 } },
    ]);
    const paused = await submit(read('ubl/ubl-tc434-example1.xml'));
    // manual-review (the approval stage's fallback) asks a person: the run stops before export.
    expect(paused.status).toBe('awaiting_approval');
    expect(paused.stages.map((s: Json) => s.stage_id)).toEqual(['parse', 'validate', 'enrich', 'duplicate-check', 'approval']);
    const approved = await call('POST', `/invoices/${paused.id}/approve`, { reason: 'checked by hand' });
    expect(approved.status).toBe(200);
    const detail = await eventually(async () => {
      const current = (await call('GET', `/invoices/${paused.id}`)).body;
      return current.status === 'completed_with_warnings' ? current : undefined;
    }, { timeoutMs: 15000, intervalMs: 50, describe: 'the approval run to finish' });
    expect(detail.config_version).toBe(version);
    expect(detail.review_required).toBe(true);
    // The resumed run carries the paused steps (fallbacks and all) and runs export, through its fallback.
    expect(detail.stages.map((s: Json) => [s.stage_id, s.module_id, s.outcome, s.fallback_used])).toEqual([
      ['parse', 'lenient-xml', 'fallback', true],
      ['validate', 'basic-checks', 'fallback', true],
      ['enrich', 'supplier-directory-db', 'fallback', true],
      ['duplicate-check', 'fingerprint', 'ok', false],
      ['approval', 'manual-review', 'fallback', true],
      ['export', 'outbox', 'fallback', true],
    ]);
    expect(stage(detail, 'parse').fallback_reason).toBe('error: parser exploded');
    expect(stage(detail, 'parse').warnings[0]).toContain('broken-parse failed (error): parser exploded');
    // enrich retries twice (seeded policy) before falling back: 3 calls to the primary + 1 fallback.
    expect(stage(detail, 'enrich').attempts).toBe(4);
    expect(stage(detail, 'export').attempts).toBe(4);
    expect(detail.invoice.partial).toBe(true);
    expect(detail.decision).toBe('approved');
    expect(paused.decision).toBe('needs_approval');

    const outbox = await ownerQuery(running.app.get(DataSource), `SELECT target_url, status FROM outbox_messages WHERE invoice_id = $1`, [detail.id]);
    expect(outbox).toEqual([{ target_url: closed, status: 'pending' }]);
    expect(await sample(running.baseUrl, 'pipeline_fallback_total', { stage: 'parse', module: 'broken-parse', reason: 'error' })).toBe(1);
    expect(await sample(running.baseUrl, 'pipeline_stage_duration_seconds_count', { stage: 'parse', module: 'lenient-xml', outcome: 'fallback' })).toBe(1);
    expect(await sample(running.baseUrl, 'invoices_total', { status: 'awaiting_approval' })).toBe(1);
    expect(await sample(running.baseUrl, 'invoices_total', { status: 'completed_with_warnings' })).toBe(1);
  });

  it('fails the run when a required stage has no fallback, with a clear reason, keeping the earlier results', async () => {
    failing.validate = false;
    await activate([
      { stage_id: 'parse', module_id: 'einvoice-xml' },
      { stage_id: 'validate', module_id: 'en16931' },
      { stage_id: 'duplicate-check', module_id: 'broken-dedupe' },
      { stage_id: 'approval', module_id: 'threshold-rules' },
    ]);
    const detail = await submit(read('ubl/ubl-tc434-example2.xml'));
    expect(detail.status).toBe('failed');
    expect(detail.failure_reason).toMatch(/^required stage duplicate-check failed: .*fingerprint store unreachable/);
    expect(detail.stages.map((s: Json) => [s.stage_id, s.outcome])).toEqual([
      ['parse', 'ok'],
      ['validate', 'ok'],
      ['duplicate-check', 'failed'],
    ]);
    // The seeded policy retries the duplicate check twice before failing.
    expect(stage(detail, 'duplicate-check').attempts).toBe(3);
    expect(detail.invoice.number).toBe('TOSL108');
  });

  it('opens the circuit after N consecutive failures, fails fast to the fallback, and half-opens later', async () => {
    // half_open_after_ms is long enough that a loaded machine's gap between two submissions never half-opens the circuit early.
    const policy = await call('PUT', '/fallback-policies/validate', {
      fallback_module_id: 'basic-checks',
      trigger_conditions: { error: true, timeout_ms: 5000, circuit_open: { consecutive_failures: 2, half_open_after_ms: 2000 }, module_unavailable: true },
      actions: { retry: null, on_failure: 'use_fallback', mark_for_review: false },
    });
    expect(policy.status).toBe(200);
    await activate([
      { stage_id: 'parse', module_id: 'einvoice-xml' },
      { stage_id: 'validate', module_id: 'flaky-validate' },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
    ]);
    failing.validate = true;
    calls.validate = 0;
    const documents = ['cii/CII_example4.xml', 'cii/CII_example5.xml', 'cii/CII_example6.xml', 'cii/CII_example7.xml', 'cii/CII_example8.xml', 'cii/CII_example9.xml'];
    const first = await submit(read(documents[0]));
    const second = await submit(read(documents[1]));
    expect([stage(first, 'validate').fallback_reason, stage(second, 'validate').fallback_reason]).toEqual(['error: rules engine down', 'error: rules engine down']);
    const third = await submit(read(documents[2]));
    expect(stage(third, 'validate')).toMatchObject({ module_id: 'basic-checks', outcome: 'fallback', fallback_reason: 'circuit_open: the module circuit is open' });
    expect(calls.validate).toBe(2);
    expect(await sample(running.baseUrl, 'pipeline_circuit_state', { module: 'flaky-validate' })).toBe(1);
    const health = await json(await fetch(`${running.baseUrl}/health`));
    expect(JSON.stringify(health)).toContain('circuit open: flaky-validate');

    // Once half_open_after_ms has passed, one call is let through; it succeeds and closes the circuit.
    failing.validate = false;
    // Until then calls fail fast (circuit_open). Documents repeat once exhausted: a repeat is a
    // duplicate, but its validate stage still runs before the duplicate check.
    let i = 3;
    const next = await eventually(
      async () => {
        const detail = await submit(read(documents[i++ % documents.length]));
        if (stage(detail, 'validate').outcome === 'ok') return detail;
        expect(stage(detail, 'validate').fallback_reason).toMatch(/^circuit_open: /);
        return undefined;
      },
      { timeoutMs: 10000, intervalMs: 50, describe: 'the circuit to half-open and let a call through' },
    );
    expect(stage(next, 'validate')).toMatchObject({ module_id: 'flaky-validate', outcome: 'ok', fallback_used: false });
    expect(calls.validate).toBe(3);
    expect(await sample(running.baseUrl, 'pipeline_circuit_state', { module: 'flaky-validate' })).toBe(0);
  });

  it('falls back when the selected module is disabled, and reports degraded health', async () => {
    await activate([
      { stage_id: 'parse', module_id: 'einvoice-xml' },
      { stage_id: 'validate', module_id: 'en16931' },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
    ]);
    expect((await call('PATCH', '/modules/en16931', { status: 'disabled' })).status).toBe(200);
    try {
      const detail = await submit(read('ubl/ubl-tc434-example3.xml'));
      expect(stage(detail, 'validate')).toMatchObject({ module_id: 'basic-checks', outcome: 'fallback', attempts: 1 });
      expect(stage(detail, 'validate').fallback_reason).toMatch(/^module_unavailable: /);
      const health = await json(await fetch(`${running.baseUrl}/health`));
      expect(JSON.stringify(health)).toContain('validate: en16931 unavailable (fallback in use)');
    } finally {
      expect((await call('PATCH', '/modules/en16931', { status: 'available' })).status).toBe(200);
    }
  });
});
