import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authHeaders } from '../../../support/auth';
import { activateSelections } from '../../../support/configurations';
import { eventually } from '../../../support/eventually';
import { EXAMPLES } from '../../../support/paths';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase, withAdmin } from '../../../support/test-database';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const VALID_UBL = readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml'), 'utf8');
/** The example (total 250.33) numbered, in a currency. */
const invoice = (number: string, currency: 'EUR' | 'USD') =>
  Buffer.from(
    VALID_UBL.replace(/<cbc:ID>[^<]*<\/cbc:ID>/, `<cbc:ID>${number}</cbc:ID>`)
      .replaceAll('currencyID="EUR"', `currencyID="${currency}"`)
      .replace(/<cbc:DocumentCurrencyCode>EUR</, `<cbc:DocumentCurrencyCode>${currency}<`),
  );
/** BR-CO-16 broken (the amount due does not add up): validation errors, decision rejected. */
const invalid = (number: string) => Buffer.from(invoice(number, 'EUR').toString('utf8').replace(/(<cbc:PayableAmount currencyID="EUR">)[^<]*/, '$1999.99'));

const approval = (thresholds: Record<string, string>) => ({ stage_id: 'approval', module_id: 'threshold-rules', settings: { thresholds } });
const BASE = [
  { stage_id: 'parse', module_id: 'einvoice-xml' },
  { stage_id: 'validate', module_id: 'en16931' },
  { stage_id: 'enrich', module_id: 'supplier-directory-db' },
  { stage_id: 'duplicate-check', module_id: 'fingerprint' },
];
/** A real run would write an outbox row per invoice: a shadow run never exports. */
const OUTBOX_EXPORT = { stage_id: 'export', module_id: 'outbox', settings: { url: 'http://127.0.0.1:9/never' } };
const SHADOW_TABLES = ['shadow_runs'];
/** Audited: the only rows a shadow run adds there are its own events. */
const AUDIT = 'configuration_change_events';

/**
 * A shadow run over 50 stored invoices of a candidate that swaps the approval thresholds of two
 * currencies: the report names exactly the invoices whose decision flips, and nothing in the
 * database changes outside the shadow tables (every other table's rows compared by checksum).
 */
describe('shadow runs', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let maintainer: Record<string, string>;
  let auditor: Record<string, string>;
  /** Invoice id → what the candidate should change: 'eur' | 'usd' | 'same'. */
  const expected = new Map<string, 'eur' | 'usd' | 'same'>();
  let candidate: Json;
  /** An invoice received but never processed (no worker runs here): newer than the 50. */
  let unprocessed: string;
  /** Admin credentials acting for the tenant 'default'. */
  let submitter: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    // No scheduler on this replica: its bookkeeping would change tables; the requesting replica
    // carries the run out itself. No queue workers either: invoices are processed inline
    // (?wait=true), and one is left received, never processed.
    app = await startApp(testConfig({ DATABASE_URL: db.url, SCHEDULER_ENABLED: false, PIPELINE_WORKERS_ENABLED: false }));
    maintainer = await authHeaders('maintainer', { subject: 'maintainer-mia' });
    auditor = await authHeaders('auditor');
    await activateSelections(app.baseUrl, maintainer, [...BASE, approval({ EUR: '1000', USD: '100' })]);
    submitter = { ...(await authHeaders('admin')), 'x-tenant-id': 'default' };
    for (let i = 0; i < 50; i++) {
      let body: Buffer;
      let change: 'eur' | 'usd' | 'same';
      if (i % 10 === 9) [body, change] = [invalid(`SH-BAD-${i}`), 'same'];
      else if (i % 10 === 8) [body, change] = [invoice(`SH-${i - 1}`, 'USD'), 'same']; // a duplicate of the one before
      else [body, change] = i % 2 === 0 ? [invoice(`SH-${i}`, 'EUR'), 'eur'] : [invoice(`SH-${i}`, 'USD'), 'usd'];
      const response = await fetch(`${app.baseUrl}/api/v1/invoices?wait=true`, { method: 'POST', headers: { ...submitter, 'content-type': 'application/xml' }, body });
      expect(response.status).toBe(200);
      const detail = await json(response);
      expected.set(detail.id ?? detail.invoice_id, change);
    }
    const queued = await fetch(`${app.baseUrl}/api/v1/invoices`, { method: 'POST', headers: { ...submitter, 'content-type': 'application/xml' }, body: invoice('SH-NEVER-PROCESSED', 'EUR') });
    expect(queued.status).toBe(202);
    unprocessed = (await json(queued)).id;
    const active = await call('GET', '/configurations/active', auditor);
    const created = await call('POST', '/configurations', maintainer, { summary: 'swap thresholds', based_on_version: active.body.version, selections: [approval({ EUR: '100', USD: '1000' }), OUTBOX_EXPORT] });
    expect(created.status).toBe(201);
    candidate = created.body;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const response = await fetch(`${app.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json, headers: response.headers };
  }

  /** Rewritten on every replica's heartbeat (the cluster gate's leases), whatever runs: not a side effect of anything. */
  const HEARTBEATS = ['pipeline_replicas'];

  /** Rows and a checksum of the rows of every table but the shadow ones, the audit and the heartbeats, as the schema owner (no row-level security). */
  const snapshot = () =>
    withAdmin(db.url, async (client) => {
      const tables = (await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows.map((r: { tablename: string }) => r.tablename);
      const result: Record<string, string> = {};
      for (const table of tables.filter((t) => !SHADOW_TABLES.includes(t) && t !== AUDIT && !HEARTBEATS.includes(t))) {
        const [row] = (await client.query(`SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS sum FROM ${table} t`)).rows as Array<{ sum: string }>;
        result[table] = row.sum;
      }
      return result;
    });
  const auditSeq = () => withAdmin(db.url, async (client) => ((await client.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM ${AUDIT}`)).rows as Array<{ seq: string }>)[0].seq);

  const finished = (id: string) =>
    eventually(
      async () => {
        const run = await call('GET', `/shadow-runs/${id}`, auditor);
        return run.body.state === 'completed' || run.body.state === 'failed' ? run.body : undefined;
      },
      { timeoutMs: 60000, intervalMs: 200, describe: `shadow run ${id}` },
    );

  it('reports per invoice what the swapped thresholds change, and changes nothing outside the shadow tables', async () => {
    expect(expected.size).toBe(50);
    const before = await snapshot();
    const seq = await auditSeq();

    // The 50 processed invoices: received up to the unprocessed one (exclusive).
    const until = (await call('GET', `/invoices/${unprocessed}`, submitter)).body.received_at as string;
    const requested = await call('POST', '/shadow-runs', maintainer, { config: String(candidate.version), tenant_id: 'default', received_from: '2000-01-01T00:00:00Z', received_to: until });
    expect(requested.status).toBe(202);
    expect(requested.headers.get('location')).toBe(`/api/v1/shadow-runs/${requested.body.shadow_run_id}`);
    expect(requested.body).toMatchObject({ state: 'queued', config_id: candidate.config_id, tenant_id: 'default', last_n: null, received_to: until, requested_by: 'maintainer-mia' });
    const run = await finished(requested.body.shadow_run_id);
    expect(run.state).toBe('completed');

    const reports = new Map<string, Json>(run.report.map((r: Json) => [r.invoice_id, r]));
    expect([...reports.keys()].sort()).toEqual([...expected.keys()].sort());
    const completedStatus = reports.get([...expected].find(([, c]) => c === 'eur')![0])!.current.status as string;
    for (const [id, change] of expected) {
      const report = reports.get(id)!;
      // Export never runs in a shadow: it is listed where the candidate reached it (a run that stops at approval or as a duplicate does not).
      expect(report.not_run).toEqual(report.candidate.status.startsWith('completed') ? ['export'] : []);
      if (change === 'same') {
        expect({ id, differences: report.differences }).toEqual({ id, differences: [] });
        continue;
      }
      const [from, to] = change === 'eur' ? ['auto_approved', 'needs_approval'] : ['needs_approval', 'auto_approved'];
      expect({ id, current: report.current.decision, candidate: report.candidate.decision }).toEqual({ id, current: from, candidate: to });
      expect(report.differences.map((d: Json) => d.field)).toEqual(['status', 'decision', 'decision_reasons']);
      // Needing approval, the run stops there (awaiting_approval); auto-approved, it completes.
      expect(report.candidate).toMatchObject({ status: to === 'needs_approval' ? 'awaiting_approval' : completedStatus, validation: { valid: true }, fallbacks: [] });
      expect(report.candidate.modules).toEqual({ parse: 'einvoice-xml', validate: 'en16931', enrich: 'supplier-directory-db', 'duplicate-check': 'fingerprint', approval: 'threshold-rules' });
    }
    const duplicates = [...reports.values()].filter((r) => r.current.status === 'duplicate');
    expect(duplicates).toHaveLength(5);
    expect(duplicates.every((r) => r.candidate.status === 'duplicate')).toBe(true);
    const rejected = [...reports.values()].filter((r) => r.current.decision === 'rejected');
    expect(rejected).toHaveLength(5);
    expect(rejected.every((r) => r.candidate.decision === 'rejected' && r.candidate.validation.valid === false)).toBe(true);

    expect(run.summary).toEqual({
      invoices: 50,
      changed: 40,
      unchanged: 10,
      without_baseline: 0,
      errors: 0,
      transitions: [
        { from: 'awaiting_approval', to: completedStatus, count: 20 },
        { from: completedStatus, to: 'awaiting_approval', count: 20 },
      ],
    });

    // Nothing else changed: no fingerprint, no status, no run or stage result, no outbox row.
    expect(await snapshot()).toEqual(before);
    const added = await withAdmin(db.url, async (client) => (await client.query(`SELECT action, actor FROM ${AUDIT} WHERE seq > $1 ORDER BY seq`, [seq])).rows);
    expect(added).toEqual([
      { action: 'shadow_run_requested', actor: 'maintainer-mia' },
      { action: 'shadow_run_completed', actor: 'system' },
    ]);
  });

  it('shadows an invoice never processed: no fingerprint recorded, no status change, nothing exported', async () => {
    const before = await snapshot();
    const requested = await call('POST', '/shadow-runs', maintainer, { config: candidate.config_id, tenant_id: 'default', last_n: 1 });
    const run = await finished(requested.body.shadow_run_id);
    expect(run.summary).toEqual({ invoices: 1, changed: 0, unchanged: 0, without_baseline: 1, errors: 0, transitions: [] });
    expect(run.report).toEqual([
      expect.objectContaining({
        invoice_id: unprocessed,
        current: null,
        differences: [],
        not_run: [],
        candidate: expect.objectContaining({ status: 'awaiting_approval', decision: 'needs_approval', validation: expect.objectContaining({ valid: true }) }),
      }),
    ]);
    expect(await snapshot()).toEqual(before);
    const invoice = await call('GET', `/invoices/${unprocessed}`, submitter);
    expect(invoice.body.status).toBe('received');
  });

  it("takes over a shadow run whose replica died (its lease ran out)", async () => {
    const [{ shadow_run_id: orphan }] = await withAdmin(db.url, async (client) =>
      (
        await client.query(
          `INSERT INTO shadow_runs (config_id, tenant_id, state, requested_by, last_n, max_invoices, attempts, claim_token, lease_until, started_at)
           VALUES ($1, 'default', 'running', 'maintainer-mia', 5, 200, 1, gen_random_uuid(), now() - interval '1 second', now()) RETURNING shadow_run_id`,
          [candidate.config_id],
        )
      ).rows,
    );
    // A new request wakes this replica's worker, which claims the oldest due run first.
    const fresh = await call('POST', '/shadow-runs', maintainer, { config: candidate.config_id, tenant_id: 'default', last_n: 3 });
    const taken = await finished(orphan as string);
    expect(taken).toMatchObject({ state: 'completed', attempts: 2, summary: { invoices: 5 } });
    expect((await finished(fresh.body.shadow_run_id)).summary.invoices).toBe(3);
  });

  it('answers caller mistakes with problem+json', async () => {
    const active = await call('GET', '/configurations/active', auditor);
    const cases: Array<[unknown, number, string?]> = [
      [{ config: String(active.body.version), tenant_id: 'default', last_n: 5 }, 409],
      [{ config: candidate.config_id, tenant_id: 'default' }, 400, 'last_n'],
      [{ config: candidate.config_id, tenant_id: 'default', last_n: 5, received_from: '2026-01-01T00:00:00Z' }, 400, 'last_n'],
      [{ config: candidate.config_id, tenant_id: 'default', last_n: 501 }, 400, 'last_n'],
      [{ config: candidate.config_id, tenant_id: 'nobody', last_n: 5 }, 400, 'tenant_id'],
      [{ config: candidate.config_id, tenant_id: 'default', received_from: '2026-02-01T00:00:00Z', received_to: '2026-01-01T00:00:00Z' }, 400, 'received_to'],
      [{ config: '999', tenant_id: 'default', last_n: 5 }, 404],
    ];
    for (const [body, status, field] of cases) {
      const response = await call('POST', '/shadow-runs', maintainer, body);
      expect({ body, status: response.status }).toEqual({ body, status });
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      if (field) expect(response.body.errors.map((e: Json) => e.field)).toContain(field);
    }
    expect((await call('POST', '/shadow-runs', auditor, { config: candidate.config_id, tenant_id: 'default', last_n: 5 })).status).toBe(403);
    expect((await call('GET', '/shadow-runs/00000000-0000-4000-8000-000000000000', auditor)).status).toBe(404);
  });

  it("keeps a tenant's report from other tenants' credentials", async () => {
    const created = await fetch(`${app.baseUrl}/api/v1/admin/tenants`, {
      method: 'POST',
      headers: { ...(await authHeaders('admin')), 'content-type': 'application/json' },
      body: JSON.stringify({ tenant_id: 'globex', name: 'globex' }),
    });
    expect(created.status).toBe(201);
    const [run] = (await call('GET', `/shadow-runs?config_id=${candidate.config_id}&tenant_id=default`, auditor)).body.items;
    const globexAuditor = await authHeaders('auditor', { tenantId: 'globex' });
    expect((await call('GET', `/shadow-runs/${run.shadow_run_id}`, globexAuditor)).status).toBe(404);
    expect((await call('GET', '/shadow-runs', globexAuditor)).body.items).toEqual([]);
    expect((await call('GET', `/shadow-runs?tenant_id=default`, globexAuditor)).body.items).toEqual([]);
    expect((await call('GET', `/shadow-runs/${run.shadow_run_id}`, await authHeaders('submitter', { tenantId: 'default' }))).status).toBe(403);
    expect((await call('GET', `/shadow-runs/${run.shadow_run_id}`, await authHeaders('auditor', { tenantId: 'default' }))).body.report).toHaveLength(run.summary.invoices);
  });

  it('lists shadow runs and shows them in the change request of the candidate (last: it activates the candidate)', async () => {
    const list = await call('GET', `/shadow-runs?config_id=${candidate.config_id}&limit=3`, auditor);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items[0]).not.toHaveProperty('report');
    const rest = await call('GET', `/shadow-runs?config_id=${candidate.config_id}&limit=3&cursor=${list.body.next_cursor}`, auditor);
    const all = [...list.body.items, ...rest.body.items];
    expect(all.map((r: Json) => r.summary.invoices)).toEqual([3, 5, 1, 50]);
    expect((await call('POST', `/configurations/${candidate.config_id}/validate`, maintainer)).body.valid).toBe(true);
    const request = await call('POST', '/change-requests', maintainer, { config: candidate.config_id, comment: 'swap thresholds; see the shadow run' });
    expect(request.status).toBe(201);
    expect(request.body.shadow_runs.map((r: Json) => r.shadow_run_id)).toEqual(all.map((r: Json) => r.shadow_run_id));
    // This install needs no approval (CHANGE_APPROVALS_REQUIRED=0): approved and activated on submission.
    expect(request.body).toMatchObject({ state: 'activated', approvals_required: 0 });
  });
});
