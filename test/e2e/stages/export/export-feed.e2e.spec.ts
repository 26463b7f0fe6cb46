import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { authHeaders } from '../../../support/auth';
import { activateSelections } from '../../../support/configurations';
import { eventually } from '../../../support/eventually';
import { createTenant } from '../../../support/factories';
import { json, RunningApp, useTestApp } from '../../../support/test-app';
import { EXAMPLES } from '../../../support/paths';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('export stage: the pull feed (feed module)', () => {
  const app = useTestApp();
  let running: RunningApp;
  let admin: Record<string, string>;
  let submitter: Record<string, string>;

  const feed = async (headers: Record<string, string>, query = ''): Promise<Json> => {
    const response = await fetch(`${running.baseUrl}/api/v1/exports/feed${query}`, { headers });
    expect(response.status).toBe(200);
    return json(response);
  };
  /** Submits an example under its own invoice number (several examples share TOSL108), waiting for the result. */
  const submit = async (path: string, number: string): Promise<Json> =>
    json(
      await fetch(`${running.baseUrl}/api/v1/invoices?wait=true`, {
        method: 'POST',
        headers: { ...submitter, 'content-type': 'application/xml' },
        body: readFileSync(join(EXAMPLES, path), 'utf8').replace('<cbc:ID>TOSL108</cbc:ID>', `<cbc:ID>${number}</cbc:ID>`),
      }),
    );

  /**
   * The feed page once it holds `count` entries: entries become visible when every older write
   * transaction of the cluster has finished, and other test files write on the same server.
   */
  const feedOf = (headers: Record<string, string>, query: string, count: number): Promise<Json> =>
    eventually(
      async () => {
        const page = await feed(headers, query);
        return page.items.length >= count ? page : undefined;
      },
      { intervalMs: 20, describe: `${count} feed entries for ${query}` },
    );

  beforeAll(async () => {
    running = app.running;
    admin = { ...(await authHeaders('admin')), 'x-tenant-id': 'default' };
    submitter = await authHeaders('submitter', { tenantId: 'default' });
    await activateSelections(running.baseUrl, admin, [
      { stage_id: 'parse', module_id: 'einvoice-xml' },
      { stage_id: 'validate', module_id: 'en16931' },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
      { stage_id: 'approval', module_id: 'threshold-rules' },
      { stage_id: 'export', module_id: 'feed' },
    ]);
  });

  it('serves processed invoices in export order, page by page, and keeps the place of a poller with nothing new', async () => {
    const submitted: Json[] = [];
    for (const [i, path] of ['ubl/guide-example1.xml', 'ubl/guide-example2.xml', 'ubl/guide-example3.xml'].entries()) submitted.push(await submit(path, `FEED-${i}`));
    for (const detail of submitted) expect(detail.stages.at(-1)).toMatchObject({ stage_id: 'export', module_id: 'feed', outcome: 'ok' });

    const first = await feedOf(submitter, '?limit=2', 2);
    expect(first.items.map((i: Json) => i.invoice_id)).toEqual(submitted.slice(0, 2).map((d) => d.id));
    expect(first.items[0]).toMatchObject({ run_id: submitted[0].runs[0].run_id, decision: submitted[0].decision, validation: { valid: true, degraded: false, rule_set: 'en16931' } });
    expect(first.items[0].invoice).toMatchObject({ number: submitted[0].invoice.number, totals: submitted[0].invoice.totals });

    const second = await feedOf(submitter, `?limit=2&cursor=${first.next_cursor}`, 1);
    expect(second.items.map((i: Json) => i.invoice_id)).toEqual([submitted[2].id]);
    const idle = await feed(submitter, `?cursor=${second.next_cursor}`);
    expect(idle).toEqual({ items: [], next_cursor: second.next_cursor });

    // A reprocess exports again: a new entry, after the cursor, for the new run.
    const reprocess = await fetch(`${running.baseUrl}/api/v1/invoices/${submitted[0].id}/reprocess`, { method: 'POST', headers: submitter });
    const { run_id: runId } = await json(reprocess);
    const next = await feedOf(submitter, `?cursor=${second.next_cursor}`, 1);
    expect(next.items.map((i: Json) => [i.invoice_id, i.run_id])).toEqual([[submitted[0].id, runId]]);
  });

  it('shows an entry only once every older transaction has finished, so no entry lands behind a cursor', async () => {
    const start = await feedOf(submitter, '?limit=200', 4);
    const cursor = start.next_cursor as string;
    // An older transaction still running (it holds a transaction id) hides every entry written after it.
    const older = new Client({ connectionString: app.db.url });
    await older.connect();
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()');
      if (app.db.kind === 'embedded') {
        // PGlite serves one session to every socket: while a transaction is open nothing else runs,
        // so no entry can even be written, let alone read, behind it. The submission waits for it.
        const submitting = submit('ubl/ubl-tc434-example2.xml', 'FEED-HORIZON');
        await older.query('COMMIT');
        const detail = await submitting;
        const after = await feedOf(submitter, `?cursor=${cursor}`, 1);
        expect(after.items.map((i: Json) => i.invoice_id)).toEqual([detail.id]);
        return;
      }
      const detail = await submit('ubl/ubl-tc434-example2.xml', 'FEED-HORIZON');
      expect(detail.stages.at(-1)).toMatchObject({ module_id: 'feed', outcome: 'ok' });
      expect((await feed(submitter, `?cursor=${cursor}`)).items).toEqual([]);
      await older.query('COMMIT');
      const after = await feedOf(submitter, `?cursor=${cursor}`, 1);
      expect(after.items.map((i: Json) => i.invoice_id)).toEqual([detail.id]);
    } finally {
      await older.end();
    }
  });

  it("is the tenant's own: another tenant's feed is empty, a malformed cursor is a 400 problem", async () => {
    await createTenant({ baseUrl: running.baseUrl, headers: await authHeaders('admin') }, 'feed-other');
    const other = await authHeaders('submitter', { tenantId: 'feed-other' });
    expect(await feed(other)).toEqual({ items: [], next_cursor: null });
    const bad = await fetch(`${running.baseUrl}/api/v1/exports/feed?cursor=bogus`, { headers: submitter });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });
});
