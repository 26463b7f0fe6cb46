import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ownerQuery } from '../../../support/migrated-data-source';
import { StageModule } from '../../../../src/pipeline/catalogue/stage-module.decorator';
import type { StageModuleImplementation } from '../../../../src/pipeline/catalogue/stage-module';
import { authHeaders } from '../../../support/auth';
import { activateSelections } from '../../../support/configurations';
import { eventually } from '../../../support/eventually';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';
import { EXAMPLES } from '../../../support/paths';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Holds calls while closed, so a run can be caught mid-stage when its service goes down. */
const gate = {
  entered: 0,
  held: null as null | { promise: Promise<void>; release: () => void },
  /** Settles when a call first reaches the closed gate. */
  reached: Promise.resolve(),
  signalReached: () => undefined as void,
  close() {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.held = { promise, release };
    this.reached = new Promise<void>((resolve) => (this.signalReached = resolve));
  },
};

@StageModule({ id: 'gated-enrich', name: 'Gated enrich', version: '1.0.0', stage: 'enrich', contract: { name: 'enrich', version: '1.0.0' } })
class GatedEnrich implements StageModuleImplementation {
  async execute(): Promise<unknown> {
    gate.entered++;
    gate.signalReached();
    if (gate.held) await gate.held.promise;
    return { supplier: null, buyer: null, source: 'db' };
  }
}

@Module({ providers: [GatedEnrich] })
class GatedModules {}

const EXAMPLE = readFileSync(join(EXAMPLES, 'cii', 'XRechnung-O.xml'));

describe('crash recovery of the durable run queue', () => {
  let db: TestDatabase;
  // Short leases so a takeover happens within the test, but long enough (heartbeat every third)
  // that a busy CI machine's event-loop delays do not lose a live run's lease.
  const LEASE_MS = 1500;
  const settings = (db: TestDatabase) =>
    testConfig({ DATABASE_URL: db.url, PIPELINE_RUN_LEASE_MS: LEASE_MS, PIPELINE_SHUTDOWN_GRACE_MS: 0, PIPELINE_WORKER_POLL_MS: 50, PIPELINE_POLICY_CACHE_MS: 0, TENANT_APPROVAL_THRESHOLD: '1000000000' });

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    gate.held?.release();
    await db?.drop();
  });

  it('takes up a run whose service stopped mid-run after a restart and completes the invoice exactly once', async () => {
    const admin = { ...(await authHeaders('admin')), 'x-tenant-id': 'default' };
    const first: RunningApp = await startApp(settings(db), { imports: [GatedModules] });
    let invoiceId: string;
    let stranded: { release: () => void } | null = null;
    try {
      // The gated stage holds runs for several leases: its timeout must not end the wait first.
      const policy = await fetch(`${first.baseUrl}/api/v1/fallback-policies/enrich`, {
        method: 'PUT',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({
          fallback_module_id: 'supplier-directory-db',
          trigger_conditions: { error: true, timeout_ms: 120000, circuit_open: null, module_unavailable: true },
          actions: { retry: null, on_failure: 'use_fallback', mark_for_review: false },
        }),
      });
      expect(policy.status).toBe(200);
      await activateSelections(first.baseUrl, admin, [
        { stage_id: 'parse', module_id: 'einvoice-xml' },
        { stage_id: 'validate', module_id: 'en16931' },
        { stage_id: 'enrich', module_id: 'gated-enrich' },
        { stage_id: 'duplicate-check', module_id: 'fingerprint' },
        { stage_id: 'approval', module_id: 'threshold-rules' },
      ]);

      gate.close();
      const response = await fetch(`${first.baseUrl}/api/v1/invoices`, { method: 'POST', headers: { ...admin, 'content-type': 'application/xml' }, body: EXAMPLE });
      expect(response.status).toBe(202);
      invoiceId = (await json(response)).id;
      await gate.reached;
      stranded = gate.held;
    } finally {
      // The service goes down with the run stuck inside a stage (no grace period).
      await first.close();
    }

    const [orphan] = await rawQuery(db, `SELECT status, attempts FROM invoice_runs WHERE invoice_id = $1`, [invoiceId]);
    expect(orphan).toEqual({ status: 'running', attempts: 1 });

    gate.held = null;
    const second = await startApp(settings(db), { imports: [GatedModules] });
    try {
      let detail: Json = {};
      await eventually(
        async () => {
          detail = await json(await fetch(`${second.baseUrl}/api/v1/invoices/${invoiceId}`, { headers: admin }));
          return detail.status === 'completed' ? detail : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 25, describe: () => `invoice ${invoiceId} to complete (still ${detail.status})` },
      );
      expect(detail.runs).toHaveLength(1);
      expect(detail.runs[0]).toMatchObject({ status: 'completed', attempts: 2 });
      expect(detail.stages.map((s: Json) => s.stage_id)).toEqual(['parse', 'validate', 'enrich', 'duplicate-check', 'approval']);

      // The first worker's call now returns: its late result is refused (its claim was taken over).
      stranded?.release();
      const dataSource = second.app.get(DataSource);
      const results = await ownerQuery(dataSource, `SELECT coalesce(sum(jsonb_array_length(stage_results)), 0)::int AS n FROM invoice_runs WHERE invoice_id = $1`, [invoiceId]);
      expect(results).toEqual([{ n: 5 }]);
      const fingerprints = await ownerQuery(dataSource, `SELECT count(*)::int AS n FROM invoice_fingerprints WHERE invoice_id = $1`, [invoiceId]);
      expect(fingerprints).toEqual([{ n: 1 }]);
    } finally {
      await second.close();
    }
  });

  it('keeps a live run with its worker however long it takes: the heartbeat renews its lease', async () => {
    const admin = { ...(await authHeaders('admin')), 'x-tenant-id': 'default' };
    const app = await startApp(settings(db), { imports: [GatedModules] });
    try {
      gate.close();
      gate.entered = 0;
      const response = await fetch(`${app.baseUrl}/api/v1/invoices`, { method: 'POST', headers: { ...admin, 'content-type': 'application/xml' }, body: EXAMPLE });
      expect(response.status).toBe(202);
      const invoiceId = (await json(response)).id as string;
      await gate.reached;
      const [{ lease_until: firstLease }] = await rawQuery(db, `SELECT lease_until FROM invoice_runs WHERE invoice_id = $1`, [invoiceId]);

      // Three leases pass while the run waits in its stage; its lease keeps moving and nobody takes it.
      await eventually(
        async () => {
          const [run] = await rawQuery(db, `SELECT attempts, status, lease_until > now() AS held, now() > $2::timestamptz + $3 * interval '1 millisecond' AS past FROM invoice_runs WHERE invoice_id = $1`, [
            invoiceId,
            firstLease,
            3 * LEASE_MS,
          ]);
          expect(run).toMatchObject({ attempts: 1, status: 'running', held: true });
          return run.past ? true : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 25, describe: 'three leases to pass' },
      );
      expect(gate.entered).toBe(1);

      gate.held?.release();
      const run = await eventually(
        async () => (await rawQuery(db, `SELECT attempts, status FROM invoice_runs WHERE invoice_id = $1 AND finished_at IS NOT NULL`, [invoiceId]))[0],
        { timeoutMs: 10_000, intervalMs: 25, describe: 'the run to finish' },
      );
      expect(run.attempts).toBe(1);
      expect(gate.entered).toBe(1);
    } finally {
      gate.held?.release();
      await app.close();
    }
  });
});

async function rawQuery(db: TestDatabase, sql: string, params: unknown[]): Promise<Json[]> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    // As the schema owner for this transaction only (the embedded database shares one session).
    await client.query('BEGIN');
    await client.query('SET LOCAL ROLE NONE');
    const rows = (await client.query(sql, params)).rows as Json[];
    await client.query('COMMIT');
    return rows;
  } finally {
    await client.end();
  }
}
