import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type SqlFragment, TenantDatabase } from '../../../../src/framework/database';
import type { CanonicalInvoice } from '../../../../src/domain/canonical-invoice';
import type { StageCallContext } from '../../../../src/pipeline/catalogue/stage-module';
import type { DuplicateCheckOutput } from '../../../../src/pipeline/contracts';
import type { ClaimedRun, RunQueue } from '../../../../src/pipeline/run/run-queue';
import type { RunResult } from '../../../../src/pipeline/run/run-result';
import { FingerprintRepository } from '../../../../src/stages/duplicate-check/fingerprint.repository';
import { FingerprintModule } from '../../../../src/stages/duplicate-check/fingerprint.stage';
import { FeedRepository } from '../../../../src/stages/export/feed.repository';
import { ownerQuery, useMigratedDatabase } from '../../../support/migrated-data-source';
import { insertInvoice } from '../../../support/factories';
import { runQueueOn } from '../../../support/run-queue';
import { eventually } from '../../../support/eventually';

/**
 * The duplicate check answered provisionally ("not a duplicate") and confirmed by the run's
 * finishing statement, which inserts the fingerprint: the result is recorded only when the
 * invoice owns the fingerprint; otherwise nothing of the run is written and the finish says so
 * (the pipeline then runs the invoice again with the check done directly).
 */
describe('the fingerprint confirmed by the finishing statement (real database)', () => {
  const database = useMigratedDatabase();
  let dataSource: DataSource;
  let queue: RunQueue;
  /** A queue on a pool of its own: a second process's connections. */
  let otherQueue: RunQueue;
  let module: FingerprintModule;
  let fingerprints: FingerprintRepository;
  let feed: FeedRepository;
  let configId: string;

  beforeAll(async () => {
    dataSource = database.dataSource;
    const service = await database.serviceDataSource();
    queue = runQueueOn(service);
    otherQueue = runQueueOn(await database.serviceDataSource());
    const tenants = new TenantDatabase(service);
    fingerprints = new FingerprintRepository(tenants);
    module = new FingerprintModule(fingerprints);
    feed = new FeedRepository(tenants);
    [{ config_id: configId }] = await ownerQuery(dataSource, `SELECT config_id FROM module_configurations WHERE status = 'active'`);
  });

  const invoiceNumbered = (number: string, payable = '10.00') =>
    ({
      document_type: 'Invoice', number, issue_date: '2026-03-01', seller: { name: 'S', vat_id: 'SE1', identifiers: [], country: null },
      totals: { line_net: null, tax_exclusive: null, tax: null, tax_inclusive: null, payable },
    }) as unknown as CanonicalInvoice;

  /** A run of the invoice, claimed by this test (running, lease of a minute). */
  async function claimedRun(invoiceId: string): Promise<ClaimedRun> {
    const claimToken = randomUUID();
    const [{ run_id: runId }] = await ownerQuery<Array<{ run_id: string }>>(
      dataSource,
      `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, trigger, status, claim_token, lease_until, attempts, started_at)
       VALUES ('default', $1, (SELECT coalesce(max(run_number), 0) + 1 FROM invoice_runs WHERE invoice_id = $1), 'submit', 'running', $2, now() + interval '1 minute', 1, now())
       RETURNING run_id`,
      [invoiceId, claimToken],
    );
    return { runId, invoiceId, tenantId: 'default', claimToken, attempts: 1, contentType: 'application/xml' };
  }

  /** The module's call in a run that allows a provisional answer: its answer and the steps it handed over. */
  async function provisional(invoice: CanonicalInvoice, invoiceId: string): Promise<{ output: DuplicateCheckOutput; confirms: SqlFragment[]; adds: SqlFragment[] }> {
    const confirms: SqlFragment[] = [];
    const adds: SqlFragment[] = [];
    const context: StageCallContext = { settings: {}, tenantId: 'default', configVersion: 1, finish: { add: (s) => void adds.push(s), confirm: (s) => void confirms.push(s) } };
    const output = await module.execute({ invoice, tenantId: 'default', invoiceId }, context);
    return { output, confirms, adds };
  }

  /** The result of a run that got through to export: the duplicate check's record, the feed entry as a finish step, the confirmations. */
  function result(run: ClaimedRun, output: DuplicateCheckOutput, confirms: SqlFragment[]): RunResult {
    return {
      status: output.duplicate ? 'duplicate' : 'completed',
      failureReason: null,
      reviewRequired: false,
      configId,
      configVersion: 1,
      records: [{ stageId: 'duplicate-check', position: 4, moduleId: 'fingerprint', outcome: 'ok', fallbackUsed: false, fallbackReason: null, attempts: 1, durationMs: 1, warnings: [], errors: [], degraded: false, rejection: null, markForReview: false, output }],
      state: { tenantId: 'default', invoiceId: run.invoiceId, runId: run.runId, document: Buffer.alloc(0), contentType: 'application/xml' },
      finishSteps: output.duplicate ? [] : [feed.appendStep({ runId: run.runId, payload: { run_id: run.runId } })],
      confirmations: confirms.map((step) => ({ stageId: 'duplicate-check', step })),
    };
  }

  const runRow = (runId: string) =>
    ownerQuery<Array<{ status: string; finished_at: Date | null; stage_results: unknown; xmin: string }>>(dataSource, `SELECT status, finished_at, stage_results, xmin::text FROM invoice_runs WHERE run_id = $1`, [runId]).then((rows) => rows[0]);
  const owners = (number: string) =>
    ownerQuery<Array<{ invoice_id: string; xmin: string }>>(dataSource, `SELECT invoice_id, xmin::text FROM invoice_fingerprints WHERE invoice_number = $1`, [number]);
  const feedEntries = (runId: string) => ownerQuery<unknown[]>(dataSource, `SELECT entry_id FROM export_feed_entries WHERE run_id = $1`, [runId]);
  const invoiceStatus = (invoiceId: string) => ownerQuery<Array<{ status: string }>>(dataSource, `SELECT status FROM invoices WHERE id = $1`, [invoiceId]).then((rows) => rows[0].status);

  it('answers "not a duplicate" without a statement of its own; the finish inserts the fingerprint in its transaction', async () => {
    const invoiceId = await insertInvoice(dataSource);
    const run = await claimedRun(invoiceId);
    const statements = jest.spyOn(TenantDatabase.prototype, 'statement');
    let answered: Awaited<ReturnType<typeof provisional>>;
    try {
      answered = await provisional(invoiceNumbered('P-1'), invoiceId);
      expect(statements).not.toHaveBeenCalled();
      expect(answered.output).toEqual({ duplicate: false, duplicate_of: null, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(answered.confirms).toHaveLength(1);
      expect(answered.adds).toEqual([]);
      expect(await queue.finish(run, result(run, answered.output, answered.confirms))).toBeInstanceOf(Date);
      // The whole run, fingerprint included, is one statement.
      expect(statements).toHaveBeenCalledTimes(1);
    } finally {
      statements.mockRestore();
    }
    const recorded = await runRow(run.runId);
    expect(recorded.status).toBe('completed');
    // Written by the finishing transaction: the fingerprint row and the run row carry its id.
    expect(await owners('P-1')).toEqual([{ invoice_id: invoiceId, xmin: recorded.xmin }]);
    expect(await feedEntries(run.runId)).toHaveLength(1);
  });

  it('records nothing of a later duplicate\'s provisional pass; answered directly, it is the duplicate of the original', async () => {
    const original = await insertInvoice(dataSource);
    const first = await claimedRun(original);
    const answer = await provisional(invoiceNumbered('P-2'), original);
    expect(await queue.finish(first, result(first, answer.output, answer.confirms))).toBeInstanceOf(Date);

    const later = await insertInvoice(dataSource);
    const run = await claimedRun(later);
    const before = await invoiceStatus(later);
    // Same supplier, number, date and total (10.0 is 10.00): provisionally "not a duplicate"...
    const guess = await provisional(invoiceNumbered('P-2', '10.0'), later);
    expect(guess.output.duplicate).toBe(false);
    // ...which the finish does not confirm: nothing of the run is written.
    expect(await queue.finish(run, result(run, guess.output, guess.confirms))).toBe('unconfirmed');
    expect(await runRow(run.runId)).toMatchObject({ status: 'running', finished_at: null, stage_results: null });
    expect(await feedEntries(run.runId)).toEqual([]);
    expect(await invoiceStatus(later)).toBe(before);
    expect((await owners('P-2')).map((o) => o.invoice_id)).toEqual([original]);

    // The run again, the check done directly (no confirm offered): the duplicate, recorded as such.
    const direct = await module.execute({ invoice: invoiceNumbered('P-2', '10.0'), tenantId: 'default', invoiceId: later }, { settings: {}, tenantId: 'default', configVersion: 1, finish: { add: () => undefined } });
    expect(direct).toMatchObject({ duplicate: true, duplicate_of: original });
    expect(await queue.finish(run, result(run, direct, []))).toBeInstanceOf(Date);
    expect(await runRow(run.runId)).toMatchObject({ status: 'duplicate' });
    expect(await feedEntries(run.runId)).toEqual([]);
  });

  it('confirms a reprocess of the original: it is not its own duplicate', async () => {
    const original = await insertInvoice(dataSource);
    const first = await claimedRun(original);
    const answer = await provisional(invoiceNumbered('P-3'), original);
    expect(await queue.finish(first, result(first, answer.output, answer.confirms))).toBeInstanceOf(Date);
    await ownerQuery(dataSource, `UPDATE invoice_runs SET status = 'completed' WHERE run_id = $1`, [first.runId]);

    const again = await claimedRun(original);
    const reprocess = await provisional(invoiceNumbered('P-3'), original);
    expect(await queue.finish(again, result(again, reprocess.output, reprocess.confirms))).toBeInstanceOf(Date);
    expect(await runRow(again.runId)).toMatchObject({ status: 'completed' });
    expect((await owners('P-3')).map((o) => o.invoice_id)).toEqual([original]);
  });

  it("decides same-key finishes committed together in one group: one recorded, the other unconfirmed, the group's other runs unharmed", async () => {
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => insertInvoice(dataSource)));
    const [runA, runB, runC, runD] = await Promise.all([a, b, c, d].map(claimedRun));
    const [answerA, answerB, answerC, answerD] = await Promise.all([
      provisional(invoiceNumbered('P-4-first-alone'), a),
      provisional(invoiceNumbered('P-4'), b),
      provisional(invoiceNumbered('P-4'), c),
      provisional(invoiceNumbered('P-4-other'), d),
    ]);
    // A goes alone (nothing in flight); B, C and D wait for it and go as one group: one transaction.
    const outcomes = await Promise.all([
      queue.finish(runA, result(runA, answerA.output, answerA.confirms)),
      queue.finish(runB, result(runB, answerB.output, answerB.confirms)),
      queue.finish(runC, result(runC, answerC.output, answerC.confirms)),
      queue.finish(runD, result(runD, answerD.output, answerD.confirms)),
    ]);
    expect(outcomes[0]).toBeInstanceOf(Date);
    expect(outcomes[3]).toBeInstanceOf(Date);
    const [outcomeB, outcomeC] = [outcomes[1], outcomes[2]];
    expect([outcomeB, outcomeC].filter((o) => o instanceof Date)).toHaveLength(1);
    expect([outcomeB, outcomeC].filter((o) => o === 'unconfirmed')).toHaveLength(1);
    const [winner, loser] = outcomeB instanceof Date ? [runB, runC] : [runC, runB];
    // The group committed as one transaction (not retried statement by statement): D's run, the
    // winner's run and its fingerprint carry one transaction id.
    const xminD = (await runRow(runD.runId)).xmin;
    expect((await runRow(winner.runId)).xmin).toBe(xminD);
    expect(await owners('P-4')).toEqual([{ invoice_id: winner.invoiceId, xmin: xminD }]);
    expect(await runRow(loser.runId)).toMatchObject({ status: 'running', finished_at: null });
    expect(await feedEntries(loser.runId)).toEqual([]);
  });

  describe('another connection inserting the same key (two real connections)', () => {
    /** Holds the fingerprint of `invoiceId` inserted and uncommitted on a connection of its own, as an in-flight finish would. */
    async function inFlight(invoiceId: string, number: string) {
      const step = fingerprints.recordStep({ tenantId: 'default', supplierKey: 'SE1', documentType: 'Invoice', invoiceNumber: number, issueDate: '2026-03-01', total: '10.00' }, invoiceId);
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      await runner.query(`SELECT set_config('app.tenant_id', 'default', true)`);
      expect(await runner.query(step.sql, [...step.parameters])).toEqual([{ invoice_id: invoiceId }]);
      return { commit: () => runner.commitTransaction().finally(() => runner.release()), rollback: () => runner.rollbackTransaction().finally(() => runner.release()) };
    }

    /** Resolves once a backend waits for a lock (the finish waiting for the in-flight insert). */
    const waitingForLock = () =>
      eventually(async () => {
        const rows = await ownerQuery<unknown[]>(dataSource, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        return rows.length > 0 ? true : undefined;
      }, { intervalMs: 20, describe: 'a finish waiting for the in-flight fingerprint' });

    // PGlite serves one session to every socket: a statement issued while the insert is open would
    // run inside its transaction, so there the insert ends first and the finish decides after it.
    const embedded = () => database.kind === 'embedded';

    it('waits for it: when it commits, the finish is not confirmed and writes nothing', async () => {
      const [first, second] = await Promise.all([insertInvoice(dataSource), insertInvoice(dataSource)]);
      const held = await inFlight(first, 'P-5');
      if (embedded()) await held.commit();
      const run = await claimedRun(second);
      const answer = await provisional(invoiceNumbered('P-5'), second);
      const finishing = otherQueue.finish(run, result(run, answer.output, answer.confirms));
      if (!embedded()) {
        await waitingForLock();
        await held.commit();
      }
      expect(await finishing).toBe('unconfirmed');
      expect(await runRow(run.runId)).toMatchObject({ status: 'running', finished_at: null });
      expect((await owners('P-5')).map((o) => o.invoice_id)).toEqual([first]);
    });

    it('waits for it: when it rolls back, the finish inserts the fingerprint and records the run', async () => {
      const [first, second] = await Promise.all([insertInvoice(dataSource), insertInvoice(dataSource)]);
      const held = await inFlight(first, 'P-6');
      if (embedded()) await held.rollback();
      const run = await claimedRun(second);
      const answer = await provisional(invoiceNumbered('P-6'), second);
      const finishing = otherQueue.finish(run, result(run, answer.output, answer.confirms));
      if (!embedded()) {
        await waitingForLock();
        await held.rollback();
      }
      expect(await finishing).toBeInstanceOf(Date);
      const recorded = await runRow(run.runId);
      expect(recorded.status).toBe('completed');
      expect(await owners('P-6')).toEqual([{ invoice_id: second, xmin: recorded.xmin }]);
    });
  });
});
