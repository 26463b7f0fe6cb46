import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EventBus, TOPICS } from '../../../../src/framework/events';
import { authHeaders } from '../../../support/auth';
import { activateSelections } from '../../../support/configurations';
import { eventually } from '../../../support/eventually';
import { ownerQuery } from '../../../support/migrated-data-source';
import { json, RunningApp, useTestApp } from '../../../support/test-app';
import { EXAMPLES } from '../../../support/paths';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A Peppol BIS example (500.00 SEK) under its own invoice number. */
const template = readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Min_content_with_VAT.xml'), 'utf8');
const numbered = (n: string) => template.replace('<cbc:ID>2018-112</cbc:ID>', `<cbc:ID>${n}</cbc:ID>`);

/** The value of a sample in the Prometheus exposition carrying (at least) the given labels. */
async function sample(baseUrl: string, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * The duplicate check answered provisionally, its fingerprint inserted by the run's finishing
 * statement (the initial configuration: approval by threshold rules and the export feed act only
 * through the finish). A duplicate is found by that statement, which then records nothing, and
 * the run goes again with the check done directly: the recorded outcome is the one a direct check
 * gives, and only it is published.
 */
describe('the duplicate check confirmed by the finishing statement, through the pipeline', () => {
  // Every invoice is auto-approved and exported to the feed unless it is a duplicate; module
  // statuses apply to the next run; the outbox (export's fallback) has a target, which never answers.
  const app = useTestApp({ PIPELINE_WORKER_POLL_MS: 50, TENANT_APPROVAL_THRESHOLD: '1000000000', PIPELINE_POLICY_CACHE_MS: 0, TENANT_WEBHOOK_URL: 'http://127.0.0.1:9/hook' });
  let running: RunningApp;
  let dataSource: DataSource;
  let auth: Record<string, string>;
  /** Every invoice.status.changed event, per invoice. */
  const statuses = new Map<string, string[]>();

  beforeAll(async () => {
    running = app.running;
    dataSource = running.app.get(DataSource);
    auth = await authHeaders('submitter', { tenantId: 'default' });
    running.app.get(EventBus).subscribe<{ invoice_id: string; status: string }>(
      TOPICS.invoiceStatusChanged,
      ({ payload }) => void statuses.set(payload.invoice_id, [...(statuses.get(payload.invoice_id) ?? []), payload.status]),
      { name: 'provisional-duplicate-check-test' },
    );
  });

  const submit = async (number: string): Promise<Json> => {
    const response = await fetch(running.baseUrl + '/api/v1/invoices?wait=true', { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: numbered(number) });
    expect(response.status).toBe(200);
    return json(response);
  };
  const discarded = async (reason: 'unconfirmed' | 'effect_ahead' = 'unconfirmed') => (await sample(running.baseUrl, 'pipeline_provisional_discarded_total', { stage: 'duplicate-check', reason })) ?? 0;
  /** The invoice's fingerprint: its owner, and whether the run's finishing transaction wrote it. */
  const fingerprintOf = (number: string) =>
    ownerQuery<Array<{ invoice_id: string; by_finish: boolean }>>(
      dataSource,
      `SELECT f.invoice_id, f.xmin = r.xmin AS by_finish
         FROM invoice_fingerprints f JOIN invoice_runs r ON r.invoice_id = f.invoice_id AND r.run_number = 1
        WHERE f.invoice_number = $1`,
      [number],
    );
  const runsOf = (invoiceId: string) =>
    ownerQuery<Array<{ status: string; stages: string[] }>>(
      dataSource,
      `SELECT status, ARRAY(SELECT s ->> 'stage_id' FROM jsonb_array_elements(stage_results) s) AS stages FROM invoice_runs WHERE invoice_id = $1 ORDER BY run_number`,
      [invoiceId],
    );
  const feedEntriesOf = (invoiceId: string) => ownerQuery<unknown[]>(dataSource, `SELECT entry_id FROM export_feed_entries WHERE invoice_id = $1`, [invoiceId]);

  it('records the original in one pass, its fingerprint written by the finishing statement', async () => {
    const before = await discarded();
    const original = await submit('PROV-1');
    expect(original.status).toBe('completed');
    expect(original.duplicate_of).toBeNull();
    expect(original.stages.map((s: Json) => s.stage_id)).toEqual(['parse', 'validate', 'enrich', 'duplicate-check', 'approval', 'export']);
    expect(await fingerprintOf('PROV-1')).toEqual([{ invoice_id: original.id, by_finish: true }]);
    expect(await feedEntriesOf(original.id)).toHaveLength(1);
    expect(await discarded()).toBe(before);
  });

  it('ends a later duplicate as duplicate of the original, with nothing of its provisional pass recorded or published', async () => {
    const original = await submit('PROV-2');
    expect(original.status).toBe('completed');
    const before = await discarded();
    const duplicate = await submit('PROV-2');
    expect(duplicate.status).toBe('duplicate');
    expect(duplicate.duplicate_of).toBe(original.id);
    expect(duplicate.decision ?? null).toBeNull();
    // One run, stopped at the duplicate check: no approval, no export of the provisional pass.
    expect(await runsOf(duplicate.id)).toEqual([{ status: 'duplicate', stages: ['parse', 'validate', 'enrich', 'duplicate-check'] }]);
    expect(await feedEntriesOf(duplicate.id)).toEqual([]);
    expect(await fingerprintOf('PROV-2')).toEqual([{ invoice_id: original.id, by_finish: true }]);
    // The provisional pass was discarded (it is why the run went twice), and only the final status was published.
    expect(await discarded()).toBe(before + 1);
    await eventually(() => (statuses.get(duplicate.id)?.length === 3 ? true : undefined), { intervalMs: 20, describe: 'three status events' });
    expect(statuses.get(duplicate.id)).toEqual(['received', 'processing', 'duplicate']);
  });

  it('does not take a reprocess of the original for its own duplicate, confirmed in one pass', async () => {
    const original = await submit('PROV-3');
    const before = await discarded();
    expect((await fetch(`${running.baseUrl}/api/v1/invoices/${original.id}/reprocess`, { method: 'POST', headers: auth })).status).toBe(202);
    const runs = await eventually(async () => {
      const all = await runsOf(original.id);
      return all.length === 2 && all[1].status !== 'queued' && all[1].status !== 'running' ? all : undefined;
    }, { intervalMs: 20, timeoutMs: 10_000, describe: 'the reprocess finished' });
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(await feedEntriesOf(original.id)).toHaveLength(2);
    expect(await discarded()).toBe(before);
    // Confirmed by the reprocess's own finishing statement: it touched the fingerprint row (the owner's, kept).
    const [row] = await ownerQuery<Array<{ invoice_id: string; by_finish: boolean }>>(
      dataSource,
      `SELECT f.invoice_id, f.xmin = r.xmin AS by_finish FROM invoice_fingerprints f JOIN invoice_runs r ON r.invoice_id = f.invoice_id AND r.run_number = 2 WHERE f.invoice_number = 'PROV-3'`,
    );
    expect(row).toEqual({ invoice_id: original.id, by_finish: true });
  });

  it('ends two concurrent submissions of one invoice as one completed and one duplicate of it', async () => {
    const [a, b] = await Promise.all([submit('PROV-4'), submit('PROV-4')]);
    const statusesOf = [a.status, b.status].sort();
    expect(statusesOf).toEqual(['completed', 'duplicate']);
    const [winner, loser] = a.status === 'completed' ? [a, b] : [b, a];
    expect(loser.duplicate_of).toBe(winner.id);
    expect(await fingerprintOf('PROV-4')).toEqual([{ invoice_id: winner.id, by_finish: true }]);
    expect(await feedEntriesOf(loser.id)).toEqual([]);
    expect(await runsOf(loser.id)).toEqual([{ status: 'duplicate', stages: ['parse', 'validate', 'enrich', 'duplicate-check'] }]);
  });

  it('never calls a fallback that acts outside the finish while the answer is pending: a duplicate queues no delivery', async () => {
    const admin = { ...(await authHeaders('admin')), 'x-tenant-id': 'default', 'content-type': 'application/json' };
    const setFeed = (status: string) => fetch(`${running.baseUrl}/api/v1/modules/feed`, { method: 'PATCH', headers: admin, body: JSON.stringify({ status }) });
    const outboxOf = (invoiceId: string) => ownerQuery<unknown[]>(dataSource, `SELECT message_id FROM outbox_messages WHERE invoice_id = $1`, [invoiceId]);
    // The feed disabled: export falls back to the outbox, which writes its row itself.
    expect((await setFeed('disabled')).status).toBe(200);
    try {
      const before = await discarded('effect_ahead');
      const original = await submit('PROV-6');
      expect(original.status).toBe('completed_with_warnings');
      expect(original.stages.at(-1)).toMatchObject({ stage_id: 'export', module_id: 'outbox', outcome: 'fallback' });
      // The provisional pass stopped before the outbox; the run went again with the check done directly.
      expect(await discarded('effect_ahead')).toBe(before + 1);
      expect(await fingerprintOf('PROV-6')).toEqual([{ invoice_id: original.id, by_finish: false }]);
      expect(await outboxOf(original.id)).toHaveLength(1);

      const duplicate = await submit('PROV-6');
      expect(duplicate).toMatchObject({ status: 'duplicate', duplicate_of: original.id });
      expect(await outboxOf(duplicate.id)).toEqual([]);
      expect(await discarded('effect_ahead')).toBe(before + 2);
    } finally {
      expect((await setFeed('available')).status).toBe(200);
    }
  });

  it('records the fingerprint by its own statement, as before, when a later module may act outside the finish (the webhook)', async () => {
    const admin = { ...(await authHeaders('admin')), 'x-tenant-id': 'default' };
    await activateSelections(running.baseUrl, admin, [
      { stage_id: 'parse', module_id: 'einvoice-xml' },
      { stage_id: 'validate', module_id: 'en16931' },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
      { stage_id: 'approval', module_id: 'threshold-rules' },
      // Nothing listens there: the delivery fails and the outbox takes it; the outcome does not matter here.
      { stage_id: 'export', module_id: 'webhook', settings: { url: 'http://127.0.0.1:9/hook', timeout_ms: 500 } },
    ]);
    const before = [await discarded('unconfirmed'), await discarded('effect_ahead')];
    const original = await submit('PROV-5');
    expect(['completed', 'completed_with_warnings']).toContain(original.status);
    expect(await fingerprintOf('PROV-5')).toEqual([{ invoice_id: original.id, by_finish: false }]);
    const duplicate = await submit('PROV-5');
    expect(duplicate).toMatchObject({ status: 'duplicate', duplicate_of: original.id });
    // Never offered a provisional answer: no pass was discarded (one would be, were it offered and the webhook next).
    expect([await discarded('unconfirmed'), await discarded('effect_ahead')]).toEqual(before);
  });
});
