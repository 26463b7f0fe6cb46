import { DataSource } from 'typeorm';
import { TenantDatabase } from '../../../../src/framework/database';
import { RunQueue } from '../../../../src/pipeline/run/run-queue';
import type { RunResult } from '../../../../src/pipeline/run/run-result';
import { violatedConstraint } from '../../../../src/framework/errors';
import { ownerQuery, useMigratedDatabase } from '../../../support/migrated-data-source';
import { insertInvoice } from '../../../support/factories';
import { runQueueOn } from '../../../support/run-queue';

type Json = Record<string, unknown>;

/** A stage result element as the finish stores it; `over` replaces or (undefined) removes fields. */
function element(over: Json = {}): Json {
  const base: Json = {
    stage_id: 'parse', position: 1, module_id: 'einvoice-xml', outcome: 'ok', fallback_used: false, fallback_reason: null,
    attempts: 1, duration_ms: 1.5, warnings: [], errors: [], degraded: false, output: { ok: true },
  };
  for (const [key, value] of Object.entries(over)) if (value === undefined) delete base[key]; else base[key] = value;
  return base;
}

/**
 * A run's stage results are one jsonb array on invoice_runs (migration 1795400000180): the
 * database still refuses what invoice_stage_results' constraints refused, and the queue reads back
 * what it wrote, in stage order.
 */
describe('stage results on the run (real database)', () => {
  const database = useMigratedDatabase();
  let owner: DataSource;
  let service: DataSource;
  let tenants: TenantDatabase;
  let queue: RunQueue;
  let configId: string;

  beforeAll(async () => {
    owner = database.dataSource;
    service = await database.serviceDataSource();
    tenants = new TenantDatabase(service);
    queue = runQueueOn(service);
    [{ config_id: configId }] = await ownerQuery(owner, `SELECT config_id FROM module_configurations WHERE status = 'active'`);
  });

  /** Stores the results on a new finished run: 'stored', or the constraint that refused them (SQL NULL for null). */
  async function storeResults(results: unknown): Promise<unknown> {
    const invoiceId = await insertInvoice(owner);
    return tenants.transaction('default', (m) => m.query(
      `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, status, finished_at, stage_results) VALUES ('default', $1, 1, 'completed', now(), $2::jsonb)`,
      [invoiceId, results === null ? null : JSON.stringify(results)],
    )).then(() => 'stored', (error: unknown) => violatedConstraint(error) ?? error);
  }

  it('accepts well-formed results and none (an unfinished run)', async () => {
    expect(await storeResults([element(), element({ stage_id: 'validate', position: 2, outcome: 'fallback', fallback_used: true, fallback_reason: 'timeout', degraded: true })])).toBe('stored');
    expect(await storeResults([])).toBe('stored');
    expect(await storeResults(null)).toBe('stored');
  });

  it.each([
    ['not an array', { stage_id: 'parse' }],
    
    ['an element that is no object', [1]],
    ['an unknown outcome', [element({ outcome: 'great' })]],
    ['degraded without a fallback', [element({ degraded: true })]],
    ['a used fallback without a reason', [element({ outcome: 'fallback', fallback_used: true })]],
    ['two results of one stage', [element(), element({ position: 2 })]],
    ['results out of stage order', [element({ position: 2 }), element({ stage_id: 'validate', position: 1 })]],
    ['no stage id', [element({ stage_id: undefined })]],
    ['no duration', [element({ duration_ms: undefined })]],
    ['no outcome', [element({ outcome: undefined })]],
    ['warnings that are no list', [element({ warnings: 'none' })]],
    ['no errors list', [element({ errors: undefined })]],
    // Lists where a single value belongs: a lax jsonpath comparison would unwrap them (migration 1795400000182).
    ['an outcome in a list', [element({ outcome: ['ok'] })]],
    ['a stage id in a list', [element({ stage_id: ['parse'] })]],
    ['a fallback reason in a list', [element({ outcome: 'fallback', fallback_used: true, fallback_reason: ['timeout'] })]],
    ['a position in a list', [element({ position: [1] })]],
  ])('refuses %s', async (_, results) => {
    expect(await storeResults(results)).toBe('invoice_runs_stage_results_valid');
  });

  it('reads back what the finish wrote, in stage order, for the invoice view and the approval resume', async () => {
    const invoiceId = await insertInvoice(owner);
    const { runId, claimToken } = await tenants.transaction('default', (m) =>
      queue.enqueue(m, { tenantId: 'default', invoiceId, trigger: 'submit', claimLeaseMs: 60_000 }),
    );
    const record = (stageId: string, position: number, output: unknown): RunResult['records'][number] => ({
      stageId, position, moduleId: `${stageId}-module`, outcome: 'ok', fallbackUsed: false, fallbackReason: null, attempts: 1, durationMs: position / 3,
      warnings: [`w${position}`], errors: [], degraded: false, rejection: null, markForReview: false, output,
    });
    const result: RunResult = {
      status: 'awaiting_approval',
      failureReason: null,
      reviewRequired: true,
      configId,
      configVersion: 1,
      // Handed over out of order: stored and read in stage order.
      records: [record('validate', 2, { valid: true }), record('parse', 1, { invoice: { number: 'N-1' } }), record('approval', 5, { decision: 'needs_approval', reasons: ['over limit'] })],
      state: { tenantId: 'default', invoiceId, runId, document: Buffer.alloc(0), contentType: 'application/xml' },
    };
    const claimed = { runId, invoiceId, tenantId: 'default', claimToken: claimToken!, attempts: 1, document: Buffer.alloc(0), contentType: 'application/xml' as const };
    expect(await queue.finish(claimed, result)).toBeInstanceOf(Date);

    const { results } = await tenants.transaction('default', (m) => queue.history(m, 'default', invoiceId));
    expect(results.map((r) => [r.stageId, r.position, r.moduleId, r.durationMs, r.warnings, r.output])).toEqual([
      ['parse', 1, 'parse-module', 1 / 3, ['w1'], { invoice: { number: 'N-1' } }],
      ['validate', 2, 'validate-module', 2 / 3, ['w2'], { valid: true }],
      ['approval', 5, 'approval-module', 5 / 3, ['w5'], { decision: 'needs_approval', reasons: ['over limit'] }],
    ]);
    const paused = await tenants.transaction('default', (m) => queue.pausedRuns(m, 'default', [invoiceId]));
    expect(paused.get(invoiceId)).toEqual({ runId, reasons: ['over limit'] });
    const resumption = await queue.resumption({ ...claimed, resumesRunId: runId });
    expect(resumption?.records.map((r) => [r.stageId, r.position, r.output])).toEqual([
      ['parse', 1, { invoice: { number: 'N-1' } }],
      ['validate', 2, { valid: true }],
      ['approval', 5, { decision: 'needs_approval', reasons: ['over limit'] }],
    ]);
  });
});
