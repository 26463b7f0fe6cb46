import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBus, TOPICS } from '../../../src/framework/events';
import { authHeaders } from '../../support/auth';
import { json, RunningApp, useTestApp } from '../../support/test-app';
import { EXAMPLES } from '../../support/paths';
import { FINAL_INVOICE_STATUSES } from '../../../src/domain/invoice-status';

const example = readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Max_content.xml'));

describe('invoice API: processing, idempotency, listing, reprocess, validate', () => {
  // The examples' totals are above the default approval threshold: here every invoice goes through to export (review has its own tests).
  const app = useTestApp({ PIPELINE_WORKER_POLL_MS: 50, TENANT_APPROVAL_THRESHOLD: '1000000000' });
  let running: RunningApp;
  let auth: Record<string, string>;

  beforeAll(async () => {
    running = app.running;
    auth = await authHeaders('submitter', { tenantId: 'default' });
    running.app.get(EventBus).subscribe<{ invoice_id: string; status: string; tenant_id: string }>(
      TOPICS.invoiceStatusChanged,
      ({ payload }) => {
        statuses.set(payload.invoice_id, [...(statuses.get(payload.invoice_id) ?? []), `${payload.tenant_id}:${payload.status}`]);
        for (const wake of [...listeners]) wake();
      },
      { name: 'invoice-api-test' },
    );
  });

  const url = (path: string) => running.baseUrl + path;
  const post = (path: string, body: Buffer | string, headers: Record<string, string> = {}) =>
    fetch(url(path), { method: 'POST', headers: { ...auth, 'content-type': 'application/xml', ...headers }, body });

  /** Every invoice.status.changed event the app published, per invoice, as `tenant:status`. */
  const statuses = new Map<string, string[]>();
  const listeners = new Set<() => void>();
  const FINAL = new RegExp(`:(${FINAL_INVOICE_STATUSES.join('|')})$`);

  /** Waits for the event that makes `count` statuses of the invoice known, then returns them. */
  function statusEvents(id: string, count: number, deadlineMs = 10000): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const seen = statuses.get(id) ?? [];
        if (seen.length < count) return;
        done();
        resolve(seen);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`invoice ${id}: ${count} status events expected, seen ${JSON.stringify(statuses.get(id) ?? [])}`));
      }, deadlineMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  }

  /** Waits for the invoice's final status event (the nth run's), then reads the invoice. */
  async function finished(id: string, run = 1) {
    await statusEvents(id, 3 * run);
    expect((statuses.get(id) ?? [])[3 * run - 1]).toMatch(FINAL);
    return json(await fetch(url(`/api/v1/invoices/${id}`), { headers: auth }));
  }

  it('processes an example invoice through every stage with ?wait=true, bound to the initial configuration (version 2)', async () => {
    const response = await post('/api/v1/invoices?wait=true', example);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.status).toBe('completed');
    expect(body.config_version).toBe(2);
    expect(body.sha256).toBe(createHash('sha256').update(example).digest('hex'));
    expect(body.invoice).toMatchObject({ number: '2018210', currency: 'SEK', syntax: 'UBL' });
    expect(body.validation).toMatchObject({ valid: true, rule_set: 'en16931' });
    expect(body.stages.map((s: { stage_id: string; module_id: string; outcome: string }) => [s.stage_id, s.module_id, s.outcome])).toEqual([
      ['parse', 'einvoice-xml', 'ok'],
      ['validate', 'en16931', 'ok'],
      ['enrich', 'supplier-directory-db', 'ok'],
      ['duplicate-check', 'fingerprint', 'ok'],
      ['approval', 'threshold-rules', 'ok'],
      ['export', 'feed', 'ok'],
    ]);
    expect(body.runs).toHaveLength(1);
    expect(body.runs[0]).toMatchObject({ run_number: 1, trigger: 'submit', status: 'completed', config_version: 2, attempts: 1 });
    // The answer built from the run equals what GET reads back from the database.
    expect(await json(await fetch(url(`/api/v1/invoices/${body.id}`), { headers: auth }))).toEqual(body);
  });

  it('answers 202 with Location by default and a worker completes the invoice', async () => {
    const body = readFileSync(join(EXAMPLES, 'cii', 'CII_example1.xml'));
    const response = await post('/api/v1/invoices', body);
    expect(response.status).toBe(202);
    const receipt = await json(response);
    expect(receipt.status).toBe('received');
    expect(response.headers.get('location')).toBe(`/api/v1/invoices/${receipt.id}`);
    const done = await finished(receipt.id);
    expect(done.status).toBe('completed');
    expect(done.stages).toHaveLength(6);
  });

  it('publishes every status an invoice passes through on the event bus, reprocess included', async () => {
    const receipt = await json(await post('/api/v1/invoices', readFileSync(join(EXAMPLES, 'cii', 'CII_example4.xml'))));
    expect((await finished(receipt.id)).status).toBe('completed');
    expect(statuses.get(receipt.id)).toEqual(['default:received', 'default:processing', 'default:completed']);
    expect((await fetch(url(`/api/v1/invoices/${receipt.id}/reprocess`), { method: 'POST', headers: auth })).status).toBe(202);
    expect((await statusEvents(receipt.id, 6)).slice(3)).toEqual(['default:received', 'default:processing', 'default:completed']);
  });

  it('detects a duplicate (same supplier, number, issue date and total) through the unique index', async () => {
    const body = readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Min_content_with_VAT.xml'));
    const first = await json(await post('/api/v1/invoices?wait=true', body));
    expect(first.status).toBe('completed');
    const second = await json(await post('/api/v1/invoices?wait=true', body));
    expect(second.status).toBe('duplicate');
    const dedupe = second.stages.find((s: { stage_id: string }) => s.stage_id === 'duplicate-check');
    expect(dedupe.outcome).toBe('ok');
    expect(second.stages.map((s: { stage_id: string }) => s.stage_id)).not.toContain('approval');
    expect(second.duplicate_of).toBe(first.id);
    expect(first.duplicate_of).toBeNull();
  });

  it('does not take a credit note for a duplicate of the invoice it shares number, date and total with', async () => {
    const invoice = readFileSync(join(EXAMPLES, 'cii', 'CII_example6.xml'), 'utf8');
    // The same document as a credit note (UNTDID 1001 code 381): supplier, number, issue date and total unchanged.
    const creditNote = invoice.replace('<ram:TypeCode>380</ram:TypeCode>', '<ram:TypeCode>381</ram:TypeCode>');
    expect(creditNote).not.toBe(invoice);
    const first = await json(await post('/api/v1/invoices?wait=true', invoice));
    expect(first.status).toBe('completed');
    const credit = await json(await post('/api/v1/invoices?wait=true', creditNote));
    expect(credit.invoice).toMatchObject({ document_type: 'CreditNote', number: first.invoice.number, issue_date: first.invoice.issue_date });
    expect(credit.status).toBe('completed');
    expect(credit.duplicate_of).toBeNull();
    // The same credit note again is a duplicate, of the credit note.
    const again = await json(await post('/api/v1/invoices?wait=true', creditNote));
    expect(again.status).toBe('duplicate');
    expect(again.duplicate_of).toBe(credit.id);
  });

  it('serves the original document byte for byte with its media type and SHA-256', async () => {
    const body = readFileSync(join(EXAMPLES, 'cii', 'CII_example7.xml'));
    const receipt = await json(await post('/api/v1/invoices', body));
    const sha256 = createHash('sha256').update(body).digest();
    const response = await fetch(url(`/api/v1/invoices/${receipt.id}/document`), { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="invoice-${receipt.id}.xml"`);
    expect(response.headers.get('repr-digest')).toBe(`sha-256=:${sha256.toString('base64')}:`);
    expect(response.headers.get('etag')).toBe(`"${sha256.toString('hex')}"`);
    const downloaded = Buffer.from(await response.arrayBuffer());
    expect(downloaded.equals(body)).toBe(true);
    expect(createHash('sha256').update(downloaded).digest('hex')).toBe(receipt.sha256);

    const cached = await fetch(url(`/api/v1/invoices/${receipt.id}/document`), { headers: { ...auth, 'if-none-match': `"${sha256.toString('hex')}"` } });
    expect(cached.status).toBe(304);
    expect((await cached.arrayBuffer()).byteLength).toBe(0);

    const missing = await fetch(url('/api/v1/invoices/00000000-0000-4000-8000-000000000000/document'), { headers: auth });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('returns the same invoice for the same Idempotency-Key and body, 409 for another body', async () => {
    const body = readFileSync(join(EXAMPLES, 'cii', 'CII_example2.xml'));
    const first = await post('/api/v1/invoices', body, { 'idempotency-key': 'key-1' });
    expect(first.status).toBe(202);
    const again = await post('/api/v1/invoices', body, { 'idempotency-key': 'key-1' });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await json(again)).id).toBe((await json(first)).id);
    const other = await post('/api/v1/invoices', example, { 'idempotency-key': 'key-1' });
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lists invoices newest first with filters and a cursor', async () => {
    const first = await json(await fetch(url('/api/v1/invoices?limit=2'), { headers: auth }));
    expect(first.items).toHaveLength(2);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await json(await fetch(url(`/api/v1/invoices?limit=2&cursor=${first.next_cursor}`), { headers: auth }));
    const ids = [...first.items, ...second.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    const all = await json(await fetch(url('/api/v1/invoices?limit=200'), { headers: auth }));
    expect(all.items.map((i: { id: string }) => i.id).slice(0, ids.length)).toEqual(ids);

    const duplicates = await json(await fetch(url('/api/v1/invoices?status=duplicate'), { headers: auth }));
    expect(duplicates.items.length).toBeGreaterThan(0);
    expect(duplicates.items.every((i: { status: string }) => i.status === 'duplicate')).toBe(true);

    const bySupplier = await json(await fetch(url(`/api/v1/invoices?supplier=${encodeURIComponent(all.items.find((i: { supplier_name: string | null }) => i.supplier_name).supplier_name)}`), { headers: auth }));
    expect(bySupplier.items.length).toBeGreaterThan(0);
    const future = await json(await fetch(url('/api/v1/invoices?from=2999-01-01T00:00:00Z'), { headers: auth }));
    expect(future.items).toEqual([]);
    expect((await fetch(url('/api/v1/invoices?cursor=bogus'), { headers: auth })).status).toBe(400);
  });

  it('reprocesses an invoice as a new run on the active configuration, keeping the history', async () => {
    const created = await json(await post('/api/v1/invoices?wait=true', readFileSync(join(EXAMPLES, 'cii', 'CII_example3.xml'))));
    const response = await fetch(url(`/api/v1/invoices/${created.id}/reprocess`), { method: 'POST', headers: auth });
    expect(response.status).toBe(202);
    expect((await json(response)).run_id).toEqual(expect.any(String));
    // Three status events per run: the second run's final one means the reprocess finished.
    const detail = await finished(created.id, 2);
    expect(detail.runs.map((r: { run_number: number; trigger: string }) => [r.run_number, r.trigger])).toEqual([[1, 'submit'], [2, 'reprocess']]);
    // Who asked for each run is on the run and on the timeline (the test token's subject).
    expect(detail.runs.map((r: { requested_by: string }) => r.requested_by)).toEqual(['test-user', 'test-user']);
    expect(detail.timeline.filter((t: { kind: string }) => t.kind === 'run_queued').map((t: { actor: string }) => t.actor)).toEqual(['test-user', 'test-user']);
    // The invoice is not its own duplicate when it runs again.
    expect(detail.status).toBe('completed');
  });

  it('validates a document statelessly', async () => {
    const before = (await json(await fetch(url('/api/v1/invoices?limit=200'), { headers: auth }))).items.length;
    const report = await json(await post('/api/v1/validate?rule_set=en16931', example));
    expect(report).toMatchObject({ valid: true, rule_set: 'en16931', syntax: 'UBL', document_type: 'Invoice', errors: [] });
    const broken = await json(await post('/api/v1/validate', '<Invoice><unclosed></Invoice>'));
    expect(broken.valid).toBe(false);
    expect(broken.errors[0].rule).toEqual(expect.any(String));
    expect((await json(await fetch(url('/api/v1/invoices?limit=200'), { headers: auth }))).items.length).toBe(before);
  });
});
