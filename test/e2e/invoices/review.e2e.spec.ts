import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ownerQuery } from '../../support/migrated-data-source';
import { authHeaders } from '../../support/auth';
import { eventually } from '../../support/eventually';
import { createTenant } from '../../support/factories';
import { json, RunningApp, useTestApp } from '../../support/test-app';
import { EXAMPLES } from '../../support/paths';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A Peppol BIS example (500.00 SEK) under its own invoice number, so no two submissions are duplicates. */
const template = readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Min_content_with_VAT.xml'), 'utf8');
const numbered = (n: string) => template.replace('<cbc:ID>2018-112</cbc:ID>', `<cbc:ID>${n}</cbc:ID>`);

/**
 * Review and approval (issue 20): an invoice the approval stage sends to a person stops before
 * export (awaiting_approval); it sits in its tenant's review queue; the approvals needed (two
 * distinct approvers above the tenant's TENANT_SECOND_APPROVAL_ABOVE) resume the run into export;
 * a rejection ends it, never exported. Every verdict is on the invoice's timeline.
 */
describe('review: the queue, approve, reject, two approvers', () => {
  const app = useTestApp({ PIPELINE_WORKER_POLL_MS: 50 });
  let running: RunningApp;
  const url = (path: string) => running.baseUrl + path;
  const as = async (role: 'submitter' | 'approver' | 'auditor', tenantId: string, subject = `${role}-1`) => ({
    'content-type': 'application/json',
    ...(await authHeaders(role, { tenantId, subject })),
  });

  const submit = async (tenantId: string, number: string): Promise<Json> => {
    const response = await fetch(url('/api/v1/invoices?wait=true'), {
      method: 'POST',
      headers: { ...(await authHeaders('submitter', { tenantId })), 'content-type': 'application/xml' },
      body: numbered(number),
    });
    expect(response.status).toBe(200);
    return json(response);
  };
  const verdict = async (kind: 'approve' | 'reject', tenantId: string, id: string, headers: Record<string, string>, body: Json = {}) =>
    fetch(url(`/api/v1/invoices/${id}/${kind}`), { method: 'POST', headers, body: JSON.stringify(body) });
  const detail = async (tenantId: string, id: string): Promise<Json> => json(await fetch(url(`/api/v1/invoices/${id}`), { headers: await as('auditor', tenantId) }));
  /** The invoice once its status is final again (the approval run has finished). */
  const settled = (tenantId: string, id: string): Promise<Json> =>
    eventually(async () => {
      const d = await detail(tenantId, id);
      return ['received', 'processing'].includes(d.status) ? undefined : d;
    }, { timeoutMs: 15000, intervalMs: 25, describe: `invoice ${id} to finish its approval run` });
  const feed = async (tenantId: string): Promise<Json[]> => {
    const page = await json(await fetch(url('/api/v1/exports/feed?limit=200'), { headers: await as('auditor', tenantId) }));
    return page.items;
  };
  const queue = async (tenantId: string, query = ''): Promise<Json> => {
    const response = await fetch(url(`/api/v1/review-queue${query}`), { headers: await as('approver', tenantId) });
    expect(response.status).toBe(200);
    return json(response);
  };

  beforeAll(async () => {
    running = app.running;
    const admin = { 'content-type': 'application/json', ...(await authHeaders('admin')) };
    // Every invoice needs approval in these tenants; bigco needs two approvers for all of them.
    await createTenant({ baseUrl: running.baseUrl, headers: admin }, { tenant_id: 'acme', config: { TENANT_APPROVAL_THRESHOLD: '1.00' } });
    await createTenant({ baseUrl: running.baseUrl, headers: admin }, { tenant_id: 'bigco', config: { TENANT_APPROVAL_THRESHOLD: '1.00', TENANT_SECOND_APPROVAL_ABOVE: '100.00' } });
    await createTenant({ baseUrl: running.baseUrl, headers: admin }, { tenant_id: 'other', config: { TENANT_APPROVAL_THRESHOLD: '1.00' } });
  });

  it('stops an invoice that needs approval before export and lists it in its tenant\'s review queue, filterable', async () => {
    const paused = await submit('acme', 'R-100');
    expect(paused.status).toBe('awaiting_approval');
    expect(paused.decision).toBe('needs_approval');
    expect(paused.decision_reasons.length).toBeGreaterThan(0);
    expect(paused.stages.map((s: Json) => s.stage_id)).toEqual(['parse', 'validate', 'enrich', 'duplicate-check', 'approval']);
    expect(paused.approval).toEqual({ state: 'pending', approvals_required: 1, approvals: [] });
    expect(paused).toMatchObject({ total: '500', currency: 'SEK' });
    expect(await detail('acme', paused.id)).toEqual(paused);

    const listed = (await queue('acme')).items.find((i: Json) => i.id === paused.id);
    expect(listed).toMatchObject({ invoice_number: 'R-100', total: '500', currency: 'SEK', approvals_required: 1, approvals_given: 0, issue_date: '2018-07-31' });
    expect(listed.decision_reasons).toEqual(paused.decision_reasons);
    const ids = async (query: string) => (await queue('acme', query)).items.map((i: Json) => i.id);
    expect(await ids('?min_total=500&max_total=500&currency=SEK')).toContain(paused.id);
    expect(await ids('?min_total=500.01')).not.toContain(paused.id);
    expect(await ids('?currency=EUR')).not.toContain(paused.id);
    // Nothing was exported; other tenants see nothing of it.
    expect((await feed('acme')).map((e) => e.invoice_id)).not.toContain(paused.id);
    expect((await queue('other')).items.map((i: Json) => i.id)).not.toContain(paused.id);
    // Bad filters are the caller's mistake: 400 problem with the field.
    const bad = await fetch(url('/api/v1/review-queue?min_total=lots'), { headers: await as('approver', 'acme') });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await bad.json())).toContain('min_total');
  });

  it('an approval resumes the run into export: exported once with decision approved, on the timeline with its approver', async () => {
    const paused = await submit('acme', 'R-200');
    const response = await verdict('approve', 'acme', paused.id, await as('approver', 'acme', 'alice'), { reason: 'goods received', comment: 'checked against PO 4711' });
    expect(response.status).toBe(200);
    const done = await settled('acme', paused.id);
    expect(done.status).toBe('completed');
    expect(done.decision).toBe('approved');
    expect(done.stages.map((s: Json) => [s.stage_id, s.outcome])).toEqual([
      ['parse', 'ok'], ['validate', 'ok'], ['enrich', 'ok'], ['duplicate-check', 'ok'], ['approval', 'ok'], ['export', 'ok'],
    ]);
    expect(done.runs.map((r: Json) => [r.trigger, r.status])).toEqual([['submit', 'awaiting_approval'], ['approval', 'completed']]);
    expect(done.runs[1].resumes_run_id).toBe(done.runs[0].run_id);
    expect(done.approval).toMatchObject({ state: 'approved', approvals: [{ approver: 'alice', verdict: 'approve', reason: 'goods received', comment: 'checked against PO 4711' }] });
    expect(done.timeline.map((t: Json) => t.kind)).toEqual(['received', 'run_queued', 'run_finished', 'approve', 'run_queued', 'run_finished']);
    expect(done.timeline[3]).toMatchObject({ actor: 'alice', detail: 'goods received: checked against PO 4711' });
    // The submitter queued the first run, the approval queued the second.
    expect(done.timeline.filter((t: Json) => t.kind === 'run_queued').map((t: Json) => t.actor)).toEqual(['test-user', 'alice']);
    expect(done.runs.map((r: Json) => r.requested_by)).toEqual(['test-user', 'alice']);
    // The invoice data stays whole after the resumed run (its number, supplier, total are the parse stage's).
    expect(done).toMatchObject({ invoice_number: 'R-200', total: '500', currency: 'SEK' });
    expect(done.invoice.number).toBe('R-200');

    const exported = await eventually(async () => {
      const entries = (await feed('acme')).filter((e) => e.invoice_id === paused.id);
      return entries.length > 0 ? entries : undefined;
    }, { timeoutMs: 10000, intervalMs: 50, describe: 'the feed entry' });
    expect(exported).toHaveLength(1);
    expect(exported[0].payload ?? exported[0]).toMatchObject({ decision: 'approved' });
    expect((await queue('acme')).items.map((i: Json) => i.id)).not.toContain(paused.id);
    // Done: a second verdict is a 409 problem.
    const again = await verdict('approve', 'acme', paused.id, await as('approver', 'acme', 'bob'));
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
  });

  it('above the tenant\'s second-approval amount two distinct approvers are needed; the same approver twice is a 409', async () => {
    const paused = await submit('bigco', 'R-300');
    expect(paused.approval).toEqual({ state: 'pending', approvals_required: 2, approvals: [] });
    const first = await verdict('approve', 'bigco', paused.id, await as('approver', 'bigco', 'carol'));
    expect(first.status).toBe(200);
    const half = await json(first);
    expect(half.status).toBe('awaiting_approval');
    expect(half.approval).toMatchObject({ state: 'pending', approvals_required: 2, approvals: [{ approver: 'carol', verdict: 'approve' }] });
    expect((await queue('bigco')).items.find((i: Json) => i.id === paused.id)).toMatchObject({ approvals_required: 2, approvals_given: 1 });

    const twice = await verdict('approve', 'bigco', paused.id, await as('approver', 'bigco', 'carol'));
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as Json).detail).toMatch(/already given your verdict/);
    expect((await detail('bigco', paused.id)).status).toBe('awaiting_approval');

    expect((await verdict('approve', 'bigco', paused.id, await as('approver', 'bigco', 'dave'))).status).toBe(200);
    const done = await settled('bigco', paused.id);
    expect(done.status).toBe('completed');
    expect(done.approval.approvals.map((a: Json) => a.approver)).toEqual(['carol', 'dave']);
    // The second approval released it.
    expect(done.runs.at(-1)).toMatchObject({ trigger: 'approval', requested_by: 'dave' });
    const exported = await eventually(async () => {
      const entries = (await feed('bigco')).filter((e) => e.invoice_id === paused.id);
      return entries.length > 0 ? entries : undefined;
    }, { timeoutMs: 10000, intervalMs: 50, describe: 'the feed entry' });
    expect(exported).toHaveLength(1);
  });

  it('a rejection needs a reason and ends the invoice rejected, never exported', async () => {
    const paused = await submit('acme', 'R-400');
    const approver = await as('approver', 'acme', 'erin');
    const noReason = await verdict('reject', 'acme', paused.id, approver, {});
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(await noReason.json())).toContain('reason');
    const rejected = await verdict('reject', 'acme', paused.id, approver, { reason: 'price differs from the order' });
    expect(rejected.status).toBe(200);
    const body = await json(rejected);
    expect(body.status).toBe('rejected');
    expect(body.approval).toMatchObject({ state: 'rejected', approvals: [{ approver: 'erin', verdict: 'reject', reason: 'price differs from the order' }] });
    expect(body.timeline.at(-1)).toMatchObject({ kind: 'reject', actor: 'erin' });
    expect((await verdict('approve', 'acme', paused.id, await as('approver', 'acme', 'frank'))).status).toBe(409);
    expect((await queue('acme')).items.map((i: Json) => i.id)).not.toContain(paused.id);
    expect((await feed('acme')).map((e) => e.invoice_id)).not.toContain(paused.id);
    expect((await json(await fetch(url(`/api/v1/invoices?status=rejected`), { headers: await as('auditor', 'acme') }))).items.map((i: Json) => i.id)).toContain(paused.id);
  });

  it('only approvers (and admins) give verdicts, only on their own tenant\'s invoices', async () => {
    const paused = await submit('acme', 'R-500');
    expect((await verdict('approve', 'acme', paused.id, await as('submitter', 'acme'))).status).toBe(403);
    expect((await verdict('approve', 'other', paused.id, await as('approver', 'other'))).status).toBe(404);
    expect((await verdict('reject', 'other', paused.id, await as('approver', 'other'), { reason: 'not ours' })).status).toBe(404);
    expect((await detail('acme', paused.id)).approval).toEqual({ state: 'pending', approvals_required: 1, approvals: [] });
  });

  it('two approvers racing on an invoice that needs one approval: one releases it, the other gets a 409, one export', async () => {
    const paused = await submit('acme', 'R-600');
    const [a, b] = await Promise.all([
      verdict('approve', 'acme', paused.id, await as('approver', 'acme', 'gina')),
      verdict('approve', 'acme', paused.id, await as('approver', 'acme', 'hank')),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const done = await settled('acme', paused.id);
    expect(done.status).toBe('completed');
    expect(done.runs.filter((r: Json) => r.trigger === 'approval')).toHaveLength(1);
    expect(done.approval.approvals).toHaveLength(1);
  });

  it('the database keeps the rules too: one verdict per approver and paused run, none on a run that is not paused, none changed', async () => {
    const paused = await submit('acme', 'R-700');
    const dataSource = running.app.get(DataSource);
    const runId = paused.runs[0].run_id;
    const insert = (approver: string, run: string) =>
      ownerQuery(dataSource, `INSERT INTO invoice_approvals (tenant_id, invoice_id, run_id, approver, verdict) VALUES ('acme', $1, $2, $3, 'approve')`, [paused.id, run, approver]);
    await insert('ivan', runId);
    await expect(insert('ivan', runId)).rejects.toThrow(/invoice_approvals_one_verdict_per_approver/);
    await expect(ownerQuery(dataSource, `UPDATE invoice_approvals SET verdict = 'reject' WHERE approver = 'ivan'`)).rejects.toThrow(/never changed/);
    const other = await submit('acme', 'R-701');
    await ownerQuery(dataSource, `UPDATE invoice_runs SET status = 'completed' WHERE run_id = $1`, [other.runs[0].run_id]);
    await expect(
      ownerQuery(dataSource, `INSERT INTO invoice_approvals (tenant_id, invoice_id, run_id, approver, verdict) VALUES ('acme', $1, $2, 'judy', 'approve')`, [other.id, other.runs[0].run_id]),
    ).rejects.toThrow(/not awaiting approval/);
  });
});
