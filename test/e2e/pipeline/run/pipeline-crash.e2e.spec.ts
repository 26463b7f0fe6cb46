import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { authHeaders, TEST_JWT_SECRET } from '../../../support/auth';
import { activateSelections } from '../../../support/configurations';
import { eventually } from '../../../support/eventually';
import { migratedDataSource, ownerQuery } from '../../../support/migrated-data-source';
import { buildService, ServiceProcess, startServiceProcess } from '../../../support/service-process';
import { json } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';
import { EXAMPLES } from '../../../support/paths';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXAMPLE = readFileSync(join(EXAMPLES, 'cii', 'XRechnung-O.xml'));

/**
 * A supplier directory on loopback that holds every request until told to answer (404: not in the
 * directory), so a run can be caught inside its enrich stage.
 */
class HoldingDirectory {
  hits = 0;
  holding = true;
  private signalHit!: () => void;
  /** Settles at the first request. */
  readonly firstHit = new Promise<void>((resolve) => (this.signalHit = resolve));
  private readonly held: ServerResponse[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((_request: IncomingMessage, response: ServerResponse) => {
      this.hits++;
      this.signalHit();
      if (this.holding) this.held.push(response);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}/directory`;
  }

  async stop(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/**
 * Crash recovery with a real crash: the service runs as its own process, is killed with SIGKILL
 * while a run is inside a stage, and a new process takes the run up once its lease expires. The
 * invoice completes exactly once: one run, one set of stage results, one fingerprint.
 */
describe('crash recovery: SIGKILL of the service process mid-run', () => {
  let db: TestDatabase;
  let owner: DataSource;
  let build: { dir: string; remove(): void };
  const directory = new HoldingDirectory();
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await migratedDataSource(db.url);
    build = await buildService();
    await directory.start();
  }, 120_000);

  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await directory.stop();
    await owner?.destroy();
    await db?.drop();
    build?.remove();
  });

  const start = async () => {
    const service = await startServiceProcess(build.dir, {
      DATABASE_URL: db.url,
      // Migrations were applied by the test (as the schema owner), like a deployment would.
      DB_MIGRATIONS_RUN: 'false',
      // The embedded database's socket serves one session: one pooled connection per client.
      DB_POOL_SIZE: db.kind === 'embedded' ? '1' : '4',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      PIPELINE_RUN_LEASE_MS: '1500',
      PIPELINE_WORKER_POLL_MS: '50',
      PIPELINE_SHUTDOWN_GRACE_MS: '0',
      // The example's total is above the default approval threshold: here it goes through to export.
      TENANT_APPROVAL_THRESHOLD: '1000000000',
    });
    processes.push(service);
    return service;
  };

  it('completes the invoice exactly once after a restart', async () => {
    const admin = { ...(await authHeaders('admin')), 'x-tenant-id': 'default' };
    const first = await start();
    await activateSelections(first.baseUrl, admin, [
      { stage_id: 'parse', module_id: 'einvoice-xml' },
      { stage_id: 'validate', module_id: 'en16931' },
      { stage_id: 'enrich', module_id: 'supplier-directory-http', settings: { url: directory.url, timeout_ms: 60000 } },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
      { stage_id: 'approval', module_id: 'threshold-rules' },
    ]);

    const response = await fetch(`${first.baseUrl}/api/v1/invoices`, { method: 'POST', headers: { ...admin, 'content-type': 'application/xml' }, body: EXAMPLE });
    expect(response.status).toBe(202);
    const invoiceId = (await json(response)).id as string;
    await directory.firstHit;

    // The run is inside the enrich stage, waiting on the directory: kill the process outright.
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const [orphan] = await ownerQuery(owner, `SELECT status, attempts FROM invoice_runs WHERE invoice_id = $1`, [invoiceId]);
    expect(orphan).toEqual({ status: 'running', attempts: 1 });

    // The directory answers from now on; a new process takes the run up once its lease expires.
    directory.holding = false;
    const second = await start();
    let detail: Json = {};
    await eventually(
      async () => {
        detail = await json(await fetch(`${second.baseUrl}/api/v1/invoices/${invoiceId}`, { headers: admin }));
        return detail.status === 'completed' ? detail : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 50, describe: () => `invoice ${invoiceId} to complete (still ${detail.status}):\n${second.output()}` },
    );
    expect(detail.runs).toHaveLength(1);
    expect(detail.runs[0]).toMatchObject({ status: 'completed', attempts: 2 });
    expect(detail.stages.map((s: Json) => [s.stage_id, s.module_id, s.outcome])).toEqual([
      ['parse', 'einvoice-xml', 'ok'],
      ['validate', 'en16931', 'ok'],
      ['enrich', 'supplier-directory-http', 'ok'],
      ['duplicate-check', 'fingerprint', 'ok'],
      ['approval', 'threshold-rules', 'ok'],
    ]);
    const [{ results }] = await ownerQuery(owner, `SELECT coalesce(sum(jsonb_array_length(stage_results)), 0)::int AS results FROM invoice_runs WHERE invoice_id = $1`, [invoiceId]);
    const [{ fingerprints }] = await ownerQuery(owner, `SELECT count(*)::int AS fingerprints FROM invoice_fingerprints WHERE invoice_id = $1`, [invoiceId]);
    expect({ results, fingerprints }).toEqual({ results: 5, fingerprints: 1 });
    expect(directory.hits).toBeGreaterThanOrEqual(2);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 90_000);
});
