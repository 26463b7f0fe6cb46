import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PipelineRunConfig } from '../../../../src/pipeline/run/pipeline-run.config';
import { RunLeases } from '../../../../src/pipeline/run/run-leases';
import { type ClaimedRun, RunQueue } from '../../../../src/pipeline/run/run-queue';
import type { RunResult } from '../../../../src/pipeline/run/run-result';
import { eventually } from '../../../support/eventually';
import { ownerQuery, serviceDataSource, useMigratedDatabase } from '../../../support/migrated-data-source';
import { insertInvoice, insertTenants } from '../../../support/factories';
import { runQueueOn, runQueueParts } from '../../../support/run-queue';

const LEASE_MS = 1500;
const HEARTBEAT_MS = 250;

/** A queue whose database can be cut off: renewals fail as they would with the connection gone. */
class CutOffQueue extends RunQueue {
  cutOff = false;
  renewals = 0;

  override async renewLeases(runs: Array<{ runId: string; claimToken: string }>, leaseMs: number): Promise<string[]> {
    this.renewals++;
    if (this.cutOff) throw new Error('connection terminated unexpectedly');
    return super.renewLeases(runs, leaseMs);
  }
}

/**
 * Run leases on a real database: a live holder renews its runs (one statement for all, across
 * tenants), so they are never taken from it; a dead holder's runs are taken over within one lease;
 * a holder cut off from the database loses its runs once the lease runs out and its late result is
 * refused by the fence.
 */
describe('run leases with a heartbeat (real database)', () => {
  const database = useMigratedDatabase();
  let owner: DataSource;
  /** The other process, which takes runs over. */
  let other: DataSource;
  let otherQueue: RunQueue;
  let configId: string;
  const config = Object.assign(new PipelineRunConfig(), { runLeaseMs: LEASE_MS, runHeartbeatMs: HEARTBEAT_MS });

  beforeAll(async () => {
    owner = database.dataSource;
    other = await database.serviceDataSource();
    otherQueue = runQueueOn(other);
    await insertTenants(owner, { tenantId: 'acme', name: 'Acme' });
    [{ config_id: configId }] = await ownerQuery(owner, `SELECT config_id FROM module_configurations WHERE status = 'active'`);
  });

  /** A holder process: its own pool, queue and heartbeat. */
  async function holder(): Promise<{ pool: DataSource; queue: CutOffQueue; leases: RunLeases }> {
    const pool = await serviceDataSource(database.url);
    const queue = new CutOffQueue(...runQueueParts(pool));
    return { pool, queue, leases: new RunLeases(queue, config) };
  }

  async function queuedRun(tenantId = 'default'): Promise<string> {
    const id = await insertInvoice(owner, { tenantId });
    await ownerQuery(owner, `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, trigger, status) VALUES ($1, $2, 1, 'submit', 'queued')`, [tenantId, id]);
    return id;
  }

  const result: () => RunResult = () => ({
    status: 'completed',
    failureReason: null,
    reviewRequired: false,
    configId,
    configVersion: 1,
    records: [],
    state: { tenantId: 'default', invoiceId: '', runId: '', document: Buffer.alloc(0), contentType: 'application/xml' },
  });

  const leaseOf = async (runId: string): Promise<{ lease_until: Date; expired: boolean; status: string; attempts: number }> =>
    (await ownerQuery(owner, `SELECT lease_until, lease_until <= now() AS expired, status, attempts FROM invoice_runs WHERE run_id = $1`, [runId]))[0];

  /** Holds the run until `release` is called, like a run inside a slow stage. */
  function holdOpen(leases: RunLeases, run: ClaimedRun): { release: () => void; done: Promise<void> } {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    return { release, done: leases.hold(run, () => gate) };
  }

  it('renews every held run in one statement, across tenants, and keeps them from other claimers beyond the lease', async () => {
    const a = await holder();
    try {
      await queuedRun('default');
      await queuedRun('acme');
      const runs = [(await a.queue.claim(LEASE_MS))!, (await a.queue.claim(LEASE_MS))!];
      expect(new Set(runs.map((r) => r.tenantId))).toEqual(new Set(['default', 'acme']));
      const holds = runs.map((run) => holdOpen(a.leases, run));
      const first = await Promise.all(runs.map((r) => leaseOf(r.runId)));

      // One renewal is one statement for both runs.
      const statements = jest.spyOn(a.pool, 'query');
      await a.leases.renew();
      expect(statements).toHaveBeenCalledTimes(1);
      statements.mockRestore();

      // The fence: another token renews nothing; nobody but the service role may call the function.
      expect(await a.queue.renewLeases([{ runId: runs[0].runId, claimToken: randomUUID() }], LEASE_MS)).toEqual([]);
      expect(await ownerQuery(owner, `SELECT has_function_privilege('public', 'renew_invoice_run_leases(uuid[], uuid[], integer)', 'EXECUTE') AS p`)).toEqual([{ p: false }]);

      // Well past the first lease, the live holder still holds both: nobody else can claim them.
      const firstExpiry = Math.max(...first.map((l) => l.lease_until.getTime()));
      await eventually(
        async () => {
          expect(await otherQueue.claim(LEASE_MS)).toBeNull();
          const [{ past }] = await ownerQuery(owner, `SELECT now() > $1::timestamptz + $2 * interval '1 millisecond' AS past`, [new Date(firstExpiry), LEASE_MS]);
          return past ? true : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 100, describe: 'two leases to pass while the holder lives' },
      );
      for (const run of runs) expect(await leaseOf(run.runId)).toMatchObject({ status: 'running', expired: false, attempts: 1 });
      expect(a.leases.heldRuns().sort()).toEqual(runs.map((r) => r.runId).sort());

      // The holder finishes both: its results are recorded.
      for (const run of runs) expect(await a.queue.finish(run, result())).toBeInstanceOf(Date);
      holds.forEach((h) => h.release());
      await Promise.all(holds.map((h) => h.done));
      expect(a.leases.heldRuns()).toEqual([]);
    } finally {
      a.leases.stop();
      await a.pool.destroy();
    }
  });

  it('hands the run of a killed holder to another process within one lease', async () => {
    const a = await holder();
    const invoiceId = await queuedRun();
    const run = (await a.queue.claim(LEASE_MS))!;
    expect(run.invoiceId).toBe(invoiceId);
    holdOpen(a.leases, run);
    // Renewals are under way.
    await eventually(() => (a.queue.renewals >= 2 ? true : undefined), { timeoutMs: 5000, describe: 'two heartbeats' });

    // The holder dies: its timer and its connections are gone.
    a.leases.stop();
    await a.pool.destroy();
    // A heartbeat already on its way when it died settles (or fails) first.
    await a.leases.renew();
    const [{ died_at: diedAt, lease_until: leaseUntil }] = await ownerQuery(owner, `SELECT now() AS died_at, lease_until FROM invoice_runs WHERE run_id = $1`, [run.runId]);
    // Its last renewal holds the run for one lease at most …
    expect(leaseUntil.getTime() - diedAt.getTime()).toBeLessThanOrEqual(LEASE_MS);
    // … and the first claim after the lease ran out takes it over (none before).
    const taken = await eventually(
      async () => {
        const claimed = await otherQueue.claim(LEASE_MS);
        if (!claimed) return undefined;
        const [{ at }] = await ownerQuery(owner, `SELECT now() AS at`);
        expect(at.getTime()).toBeGreaterThanOrEqual(leaseUntil.getTime());
        return claimed;
      },
      { timeoutMs: LEASE_MS * 4, intervalMs: 50, describe: 'another process to take the run over' },
    );
    expect(taken).toMatchObject({ runId: run.runId, attempts: 2 });
    expect(await otherQueue.finish(taken, result())).toBeInstanceOf(Date);
  });

  it('a holder cut off from the database loses the run when the lease runs out, and its late result is refused', async () => {
    const a = await holder();
    try {
      await queuedRun();
      const run = (await a.queue.claim(LEASE_MS))!;
      const hold = holdOpen(a.leases, run);
      a.queue.cutOff = true;
      // Renewals fail while it is cut off; the lease runs out though nobody has taken the run yet.
      await eventually(async () => ((await leaseOf(run.runId)).expired ? true : undefined), { timeoutMs: LEASE_MS * 4, intervalMs: 50, describe: 'the lease to run out' });
      expect(await leaseOf(run.runId)).toMatchObject({ status: 'running', attempts: 1 });

      // Back on the database: the renewal does not revive the lost lease, and the fence refuses the result.
      a.queue.cutOff = false;
      await a.leases.renew();
      expect(a.leases.heldRuns()).toEqual([]);
      expect(await a.queue.finish(run, result())).toBeNull();
      expect(await a.queue.abandon(run, 'given up')).toBe(false);

      const taken = (await otherQueue.claim(LEASE_MS))!;
      expect(taken).toMatchObject({ runId: run.runId, attempts: 2 });
      expect(await otherQueue.finish(taken, result())).toBeInstanceOf(Date);
      expect(await a.queue.finish(run, result())).toBeNull();
      const [{ finished }] = await ownerQuery(owner, `SELECT count(*)::int AS finished FROM invoice_runs WHERE run_id = $1 AND status = 'completed'`, [run.runId]);
      expect(finished).toBe(1);
      hold.release();
      await hold.done;
    } finally {
      a.leases.stop();
      await a.pool.destroy();
    }
  });

  it('refuses a heartbeat that would not leave room for one late renewal', () => {
    expect(Object.assign(new PipelineRunConfig(), { runLeaseMs: 10_000 }).effectiveHeartbeatMs).toBe(3333);
    expect(Object.assign(new PipelineRunConfig(), { runLeaseMs: 10_000, runHeartbeatMs: 3000 }).validateConfig()).toEqual([]);
    expect(Object.assign(new PipelineRunConfig(), { runLeaseMs: 10_000, runHeartbeatMs: 6000 }).validateConfig()).toEqual([
      expect.objectContaining({ field: 'PIPELINE_RUN_HEARTBEAT_MS' }),
    ]);
  });
});
