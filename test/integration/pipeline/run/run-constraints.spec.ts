import { DataSource } from 'typeorm';
import { RUN_STATUSES, RUN_TRIGGERS } from '../../../../src/pipeline/run/entities/invoice-run.entity';
import { ownerQuery, useMigratedDatabase } from '../../../support/migrated-data-source';
import { insertInvoice } from '../../../support/factories';

type RunColumns = Partial<Record<'status' | 'trigger' | 'finished_at' | 'claim_token' | 'lease_until' | 'resumes_run_id' | 'correlation_id' | 'requested_by' | 'stage_results', unknown>>;

/**
 * The rules of an invoice_runs row hold in PostgreSQL itself. Since migration 1795400000184 one
 * CHECK (invoice_runs_row_valid) asks them all; each violation is still reported as a check
 * violation of invoice_runs under the name of the rule's former constraint.
 */
describe('invoice run table invariants', () => {
  const database = useMigratedDatabase();
  let owner: DataSource;

  beforeAll(() => {
    owner = database.dataSource;
  });

  /** The first run of a new invoice: a finished submit run unless `values` replaces columns. */
  const insert = async (values: RunColumns = {}): Promise<Array<{ run_id: string }>> => {
    const row: RunColumns = { status: 'completed', trigger: 'submit', finished_at: new Date(), claim_token: null, lease_until: null, resumes_run_id: null, correlation_id: 'req-1', requested_by: 'tester', stage_results: null, ...values };
    const invoiceId = await insertInvoice(owner);
    return ownerQuery(
      owner,
      `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, status, trigger, finished_at, claim_token, lease_until, resumes_run_id, correlation_id, requested_by, stage_results)
       VALUES ('default', $1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) RETURNING run_id`,
      [invoiceId, row.status, row.trigger, row.finished_at, row.claim_token, row.lease_until, row.resumes_run_id, row.correlation_id, row.requested_by, row.stage_results === null ? null : JSON.stringify(row.stage_results)],
    );
  };
  const update = (sql: string, runId: string) => ownerQuery(owner, sql, [runId]);

  it('accepts a finished run, a queued one, a claimed running one, and runs without optional values', async () => {
    await expect(insert()).resolves.toHaveLength(1);
    await expect(insert({ status: 'queued', finished_at: null })).resolves.toHaveLength(1);
    await expect(insert({ status: 'running', finished_at: null, claim_token: '00000000-0000-4000-8000-000000000001', lease_until: new Date(Date.now() + 60_000) })).resolves.toHaveLength(1);
    await expect(insert({ correlation_id: null, requested_by: null })).resolves.toHaveLength(1);
  });

  it('accepts a correlation id of 1 to 128 letters, digits and . _ : -', async () => {
    for (const correlationId of ['x', 'x'.repeat(128), 'AZaz09._:-', '6f1c2d3e-0000-4000-8000-00000000abcd']) {
      await expect(insert({ correlation_id: correlationId })).resolves.toHaveLength(1);
    }
  });

  it('accepts every status and trigger the pipeline knows', async () => {
    const [{ run_id: paused }] = await insert({ status: 'awaiting_approval' });
    for (const status of RUN_STATUSES) {
      const open = status === 'queued' || status === 'running';
      await expect(insert({ status, finished_at: open ? null : new Date(), claim_token: status === 'running' ? '00000000-0000-4000-8000-000000000002' : null, lease_until: status === 'running' ? new Date() : null })).resolves.toHaveLength(1);
    }
    for (const trigger of RUN_TRIGGERS) await expect(insert({ trigger, resumes_run_id: trigger === 'approval' ? paused : null })).resolves.toHaveLength(1);
  });

  it.each([
    ['an unknown status', { status: 'lost' }, 'invoice_runs_status_valid'],
    ['an unknown trigger', { trigger: 'whim' }, 'invoice_runs_trigger_valid'],
    ['a final status without finished_at', { finished_at: null }, 'invoice_runs_finished_when_final'],
    ['an open status with finished_at', { status: 'queued' }, 'invoice_runs_finished_when_final'],
    ['a running run without a claim', { status: 'running', finished_at: null }, 'invoice_runs_running_is_claimed'],
    ['a running run with a token but no lease', { status: 'running', finished_at: null, claim_token: '00000000-0000-4000-8000-000000000003' }, 'invoice_runs_running_is_claimed'],
    ['an approval run that resumes nothing', { trigger: 'approval' }, 'invoice_runs_resumes_only_on_approval'],
    ['an empty requester', { requested_by: '' }, 'invoice_runs_requested_by_valid'],
    ['a requester of 301 characters', { requested_by: 'x'.repeat(301) }, 'invoice_runs_requested_by_valid'],
    ['a correlation id with a space', { correlation_id: 'req 1' }, 'invoice_runs_correlation_id_valid'],
    // The correlation id's rule (migration 1795400000185: a length and a character class, as ^[A-Za-z0-9._:-]{1,128}$ asked it).
    ['an empty correlation id', { correlation_id: '' }, 'invoice_runs_correlation_id_valid'],
    ['a correlation id of 129 characters', { correlation_id: 'x'.repeat(129) }, 'invoice_runs_correlation_id_valid'],
    ['a correlation id that ends in a newline', { correlation_id: 'req-1\n' }, 'invoice_runs_correlation_id_valid'],
    ['a correlation id with a slash', { correlation_id: 'req/1' }, 'invoice_runs_correlation_id_valid'],
    ['a correlation id with a letter outside ASCII', { correlation_id: 'réq-1' }, 'invoice_runs_correlation_id_valid'],
    ['stage results that are no list', { stage_results: { stage_id: 'parse' } }, 'invoice_runs_stage_results_valid'],
  ])('refuses %s', async (_label, values, constraint) => {
    await expect(insert(values)).rejects.toMatchObject({ code: '23514', table: 'invoice_runs', constraint });
  });

  it('asks the rules of an update too', async () => {
    const [{ run_id: runId }] = await insert({ status: 'queued', finished_at: null });
    // Finishing without finished_at, or claiming without a lease, is refused on the update.
    await expect(update(`UPDATE invoice_runs SET status = 'completed' WHERE run_id = $1`, runId)).rejects.toMatchObject({ constraint: 'invoice_runs_finished_when_final' });
    await expect(update(`UPDATE invoice_runs SET status = 'running', claim_token = gen_random_uuid() WHERE run_id = $1`, runId)).rejects.toMatchObject({ constraint: 'invoice_runs_running_is_claimed' });
    await expect(update(`UPDATE invoice_runs SET status = 'running', claim_token = gen_random_uuid(), lease_until = now() WHERE run_id = $1`, runId)).resolves.toBeDefined();
  });
});
