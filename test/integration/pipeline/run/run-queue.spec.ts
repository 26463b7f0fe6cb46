import { DataSource } from 'typeorm';
import { TenantDatabase } from '../../../../src/framework/database';
import { RunQueue } from '../../../../src/pipeline/run/run-queue';
import type { RunResult } from '../../../../src/pipeline/run/run-result';
import { FingerprintRepository } from '../../../../src/stages/duplicate-check/fingerprint.repository';
import { FingerprintModule } from '../../../../src/stages/duplicate-check/fingerprint.stage';
import type { CanonicalInvoice } from '../../../../src/domain/canonical-invoice';
import { ownerQuery, useMigratedDatabase } from '../../../support/migrated-data-source';
import { insertInvoice } from '../../../support/factories';
import { runQueueOn } from '../../../support/run-queue';
import { ConflictError, violatedConstraint } from '../../../../src/framework/errors';

describe('durable run queue and duplicate fingerprints (real database)', () => {
  const database = useMigratedDatabase();
  /** The schema owner: arranges and inspects rows. */
  let dataSource: DataSource;
  /** The service's role: what the queue and the module run as, under row-level security. */
  let service: DataSource;
  let tenants: TenantDatabase;
  let queue: RunQueue;
  let configId: string;

  beforeAll(async () => {
    dataSource = database.dataSource;
    service = await database.serviceDataSource();
    tenants = new TenantDatabase(service);
    queue = runQueueOn(service);
    [{ config_id: configId }] = await ownerQuery(dataSource, `SELECT config_id FROM module_configurations WHERE status = 'active'`);
  });

  const newInvoice = (): Promise<string> => insertInvoice(dataSource);

  const result = (status: RunResult['status']): RunResult => ({
    status,
    failureReason: null,
    reviewRequired: false,
    configId,
    configVersion: 1,
    records: [{ stageId: 'parse', position: 1, moduleId: 'einvoice-xml', outcome: 'ok', fallbackUsed: false, fallbackReason: null, attempts: 1, durationMs: 1.5, warnings: [], errors: [], degraded: false, rejection: null, markForReview: false, output: { ok: true } }],
    state: { tenantId: 'default', invoiceId: '', runId: '', document: Buffer.alloc(0), contentType: 'application/xml' },
  });

  it('hands each queued run to exactly one claimer, takes expired leases back, and fences stale results', async () => {
    const invoiceId = await newInvoice();
    await tenants.transaction('default', (manager) => queue.enqueue(manager, { tenantId: 'default', invoiceId, trigger: 'submit' }));
    const claims = await Promise.all([queue.claim(60_000), queue.claim(60_000), queue.claim(60_000)]);
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    const first = won[0];
    expect(first).toMatchObject({ invoiceId, attempts: 1, contentType: 'application/xml' });
    expect(first.document?.toString()).toBe('<a/>');
    expect(await queue.claim(60_000)).toBeNull();
    const [{ status }] = await ownerQuery(dataSource, `SELECT status FROM invoices WHERE id = $1`, [invoiceId]);
    expect(status).toBe('processing');

    // The first worker "dies": its lease runs out and another claim takes the run over.
    await ownerQuery(dataSource, `UPDATE invoice_runs SET lease_until = now() - interval '1 second' WHERE run_id = $1`, [first.runId]);
    const second = await queue.claim(60_000);
    expect(second).toMatchObject({ runId: first.runId, attempts: 2 });
    expect(await queue.finish(first, result('completed'))).toBeNull();
    expect(await queue.finish(second!, result('completed'))).toBeInstanceOf(Date);
    expect(await queue.finish(second!, result('failed'))).toBeNull();
    const rows = await ownerQuery(dataSource, `SELECT status, attempts, config_version FROM invoice_runs WHERE run_id = $1`, [first.runId]);
    expect(rows).toEqual([{ status: 'completed', attempts: 2, config_version: 1 }]);
    const results = await ownerQuery(dataSource, `SELECT jsonb_array_length(stage_results) AS n FROM invoice_runs WHERE run_id = $1`, [first.runId]);
    expect(results).toEqual([{ n: 1 }]);
  });

  it('allows one unfinished run per invoice', async () => {
    const invoiceId = await newInvoice();
    await tenants.transaction('default', (manager) => queue.enqueue(manager, { tenantId: 'default', invoiceId, trigger: 'submit' }));
    const refused = await tenants.transaction('default', (manager) => queue.enqueue(manager, { tenantId: 'default', invoiceId, trigger: 'reprocess' })).catch((error: unknown) => error);
    // The repository maps its table's constraint to the taxonomy: a 409 for the caller, the violation as its cause.
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).message).toBe(`Invoice ${invoiceId} is being processed; reprocess it once the current run has finished.`);
    expect(violatedConstraint(refused)).toBe('invoice_runs_one_open_per_invoice');
  });

  it('decides duplicates by the unique constraint, also under concurrent submissions', async () => {
    const module = new FingerprintModule(new FingerprintRepository(tenants));
    const invoice = {
      document_type: 'Invoice', number: 'D-1', issue_date: '2026-03-01', seller: { name: 'S', vat_id: 'SE1', identifiers: [], country: null },
      totals: { line_net: null, tax_exclusive: null, tax: null, tax_inclusive: null, payable: '10.00' },
    } as unknown as CanonicalInvoice;
    const ids = await Promise.all([newInvoice(), newInvoice(), newInvoice()]);
    const verdicts = await Promise.all(ids.map((invoiceId) => module.execute({ invoice, tenantId: 'default', invoiceId })));
    expect(verdicts.filter((v) => !v.duplicate)).toHaveLength(1);
    const original = ids[verdicts.findIndex((v) => !v.duplicate)];
    expect(verdicts.filter((v) => v.duplicate).every((v) => v.duplicate_of === original)).toBe(true);
    // 10.0 is the same total as 10.00; the original is not its own duplicate on a rerun.
    const again = await module.execute({ invoice: { ...invoice, totals: { ...invoice.totals, payable: '10.0' } }, tenantId: 'default', invoiceId: original });
    expect(again.duplicate).toBe(false);
  });
});
