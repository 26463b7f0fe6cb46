import { DataSource } from 'typeorm';
import { TenantDatabase } from '../../../../src/framework/database';
import type { RunQueue } from '../../../../src/pipeline/run/run-queue';
import type { RunResult } from '../../../../src/pipeline/run/run-result';
import { FeedRepository } from '../../../../src/stages/export/feed.repository';
import { ownerQuery, useMigratedDatabase } from '../../../support/migrated-data-source';
import { insertInvoice } from '../../../support/factories';
import { runQueueOn } from '../../../support/run-queue';
import { eventually } from '../../../support/eventually';

/**
 * The feed entry as a step of the run's finishing statement: written in the transaction that
 * records the result, or not at all.
 */
describe('export feed entry written with the run result (real database)', () => {
  const database = useMigratedDatabase();
  let dataSource: DataSource;
  let queue: RunQueue;
  let feed: FeedRepository;
  let configId: string;

  beforeAll(async () => {
    dataSource = database.dataSource;
    const service = await database.serviceDataSource();
    queue = runQueueOn(service);
    feed = new FeedRepository(new TenantDatabase(service));
    [{ config_id: configId }] = await ownerQuery(dataSource, `SELECT config_id FROM module_configurations WHERE status = 'active'`);
  });

  const result = (runId: string, payload: Record<string, unknown>, records: RunResult['records'] = []): RunResult => ({
    status: 'completed',
    failureReason: null,
    reviewRequired: false,
    configId,
    configVersion: 1,
    records,
    state: { tenantId: 'default', invoiceId: '', runId, document: Buffer.alloc(0), contentType: 'application/xml' },
    finishSteps: [feed.appendStep({ runId, payload })],
  });

  const entries = (runId: string) =>
    ownerQuery<Array<{ invoice_id: string; tenant_id: string; payload: unknown; same_tx: boolean }>>(
      dataSource,
      `SELECT e.invoice_id, e.tenant_id, e.payload, (e.txid % 4294967296)::text = r.xmin::text AS same_tx
         FROM export_feed_entries e JOIN invoice_runs r ON r.run_id = e.run_id WHERE e.run_id = $1`,
      [runId],
    );

  it('writes the entry only with a recorded result, in its transaction, once per run', async () => {
    const invoiceId = await insertInvoice(dataSource);
    await ownerQuery(dataSource, `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, trigger, status) VALUES ('default', $1, 1, 'submit', 'queued')`, [invoiceId]);
    const first = (await queue.claim(60_000))!;
    expect(first).toMatchObject({ invoiceId });

    // The first holder's lease runs out and another claim takes the run over: the stale finish writes nothing.
    await ownerQuery(dataSource, `UPDATE invoice_runs SET lease_until = now() - interval '1 second' WHERE run_id = $1`, [first.runId]);
    const second = (await queue.claim(60_000))!;
    expect(second.runId).toBe(first.runId);
    expect(await queue.finish(first, result(first.runId, { from: 'stale' }))).toBeNull();
    expect(await entries(first.runId)).toEqual([]);

    expect(await queue.finish(second, result(second.runId, { from: 'holder' }))).toBeInstanceOf(Date);
    // The run's row was last written by the finishing transaction: the entry carries that transaction's id.
    expect(await entries(first.runId)).toEqual([{ invoice_id: invoiceId, tenant_id: 'default', payload: { from: 'holder' }, same_tx: true }]);
    expect(await queue.finish(second, result(second.runId, { from: 'again' }))).toBeNull();
    expect(await entries(first.runId)).toHaveLength(1);
  });

  it('leaves nothing behind when the finishing statement fails', async () => {
    const invoiceId = await insertInvoice(dataSource);
    await ownerQuery(dataSource, `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, trigger, status) VALUES ('default', $1, 1, 'submit', 'queued')`, [invoiceId]);
    const run = (await queue.claim(60_000))!;
    // A NUL character is valid JSON text but no jsonb value: the whole statement is refused.
    await expect(queue.finish(run, result(run.runId, { note: 'a\u0000b' }))).rejects.toThrow();
    expect(await entries(run.runId)).toEqual([]);
    const [{ status }] = await ownerQuery(dataSource, `SELECT status FROM invoice_runs WHERE run_id = $1`, [run.runId]);
    expect(status).toBe('running');
  });

  it('stores the invoice once: the entry leaves it to the parse result of its run, and the feed serves it in the payload', async () => {
    const invoiceId = await insertInvoice(dataSource);
    await ownerQuery(dataSource, `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, trigger, status) VALUES ('default', $1, 1, 'submit', 'queued')`, [invoiceId]);
    const run = (await queue.claim(60_000))!;
    const invoice = { number: 'INV-ONCE-1', seller: { name: 'Säljare AB' }, lines: [{ id: '1', net_amount: '100' }], note: null };
    const parse: RunResult['records'][number] = {
      stageId: 'parse', position: 1, moduleId: 'einvoice-xml', outcome: 'ok', fallbackUsed: false, fallbackReason: null, attempts: 1, durationMs: 1,
      warnings: [], errors: [], degraded: false, rejection: null, markForReview: false, output: { invoice, warnings: [] },
    };
    const payload = { invoice_id: invoiceId, run_id: run.runId, tenant_id: 'default', decision: 'auto_approved', validation: null, invoice };
    expect(await queue.finish(run, result(run.runId, payload, [parse]))).toBeInstanceOf(Date);

    // Stored without the invoice: it is in the run's stage results already.
    const [stored] = await entries(run.runId);
    expect(stored.payload).toEqual({ invoice_id: invoiceId, run_id: run.runId, tenant_id: 'default', decision: 'auto_approved', validation: null });
    // Served with it, as the delivery payload was handed over.
    // An entry becomes visible once every older transaction of the cluster has finished, and other
    // test files write on the same server: wait for it to be served.
    const served = (runId: string) =>
      eventually(async () => (await feed.page('default', null, 1000)).find((e) => e.run_id === runId)?.payload, {
        intervalMs: 20,
        describe: `the feed entry of run ${runId}`,
      });
    expect(await served(run.runId)).toEqual(payload);

    // An entry that holds its invoice (append(), or written before migration 1795400000183) is served as stored.
    const otherInvoiceId = await insertInvoice(dataSource);
    const [{ run_id: otherRunId }] = await ownerQuery<Array<{ run_id: string }>>(
      dataSource,
      `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, trigger, status, finished_at) VALUES ('default', $1, 1, 'submit', 'completed', now()) RETURNING run_id`,
      [otherInvoiceId],
    );
    const held = { run_id: otherRunId, invoice: { number: 'INV-HELD-1' } };
    await feed.append({ tenantId: 'default', invoiceId: otherInvoiceId, runId: otherRunId, payload: held });
    expect(await served(otherRunId)).toEqual(held);
  });
});
