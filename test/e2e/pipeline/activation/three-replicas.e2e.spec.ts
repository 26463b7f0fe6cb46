import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { authHeaders, TEST_JWT_SECRET } from '../../../support/auth';
import { activateSelections, type SelectionBody } from '../../../support/configurations';
import { eventually } from '../../../support/eventually';
import { HaproxyBalancer } from '../../../support/haproxy';
import { migratedDataSource, ownerQuery } from '../../../support/migrated-data-source';
import { EXAMPLES } from '../../../support/paths';
import { buildService, ServiceProcess, startServiceProcess } from '../../../support/service-process';
import { createServerTestDatabase } from '../../../support/server-database';
import type { TestDatabase } from '../../../support/test-database';
import { FINAL_INVOICE_STATUSES } from '../../../../src/domain/invoice-status';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The run lease and the gate lease (defaults): a killed replica's runs and its place in the gate are taken over within it. */
const LEASE_MS = 10_000;
const TEMPLATE = readFileSync(join(EXAMPLES, 'ubl', 'issue116.xml'), 'utf8');
const documentOf = (i: number) => TEMPLATE.replace('<cbc:ID>2018210</cbc:ID>', `<cbc:ID>CLUSTER-${i}</cbc:ID>`);
const FINAL: string[] = [...FINAL_INVOICE_STATUSES];

/**
 * The export target: answers each delivery after a short pause, so runs are in flight whenever a
 * switch or a kill comes; while hold(marker) is on, a delivery whose body contains the marker gets
 * no answer until release(), so the run that sent it is certainly in flight.
 */
class SlowReceiver {
  private server?: Server;
  private holding?: string;
  private readonly held: Array<() => void> = [];
  url = '';
  received = 0;

  async start(delayMs: number): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received++;
        const answer = () => response.writeHead(204).end();
        if (this.holding !== undefined && Buffer.concat(chunks).toString('utf8').includes(this.holding)) this.held.push(answer);
        else setTimeout(answer, delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/invoices`;
  }

  hold(marker: string): void {
    this.holding = marker;
  }

  heldCount(): number {
    return this.held.length;
  }

  /** Stops holding and answers what was held (a dead sender's connection is gone: nothing arrives). */
  release(): void {
    this.holding = undefined;
    for (const answer of this.held.splice(0)) answer();
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

const selections = (threshold: string, exportUrl: string): SelectionBody[] => [
  { stage_id: 'parse', module_id: 'einvoice-xml' },
  { stage_id: 'validate', module_id: 'en16931' },
  { stage_id: 'duplicate-check', module_id: 'fingerprint' },
  { stage_id: 'approval', module_id: 'threshold-rules', settings: { default_threshold: threshold } },
  { stage_id: 'export', module_id: 'webhook', settings: { url: exportUrl, timeout_ms: 5000 } },
];

/**
 * Three service processes on one PostgreSQL behind HAProxy (Debian's package), under steady load
 * through the balancer: an activation and a rollback through one replica, then a SIGKILL of
 * another and an activation right after it. The invariants come from the database: exactly one
 * active configuration at every sample; no run on a replaced version finished after its switch
 * (runs in flight anywhere drained first); no run claimed after every replica had closed its gate,
 * or after the switch, ran on the old version (it waited at the gate); the killed replica's runs
 * were taken over within the lease, and the activation right after the kill waited for it no
 * longer than its gate lease.
 */
describe('three replicas behind HAProxy share one activation gate', () => {
  let db: TestDatabase;
  let owner: DataSource;
  let build: { dir: string; remove(): void };
  const receiver = new SlowReceiver();
  const balancer = new HaproxyBalancer();
  const replicas: ServiceProcess[] = [];

  beforeAll(async () => {
    // Three service processes on one database: a server's (a private PostgreSQL when the run is embedded).
    db = await createServerTestDatabase();
    owner = await migratedDataSource(db.url);
    build = await buildService();
    await receiver.start(60);
  }, 180_000);

  afterAll(async () => {
    for (const p of replicas) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(replicas.map((p) => p.exited));
    await balancer.stop();
    await receiver.stop();
    await owner?.destroy();
    await db?.drop();
    build?.remove();
  });

  const start = (n: number) =>
    startServiceProcess(build.dir, {
      DATABASE_URL: db.url,
      DB_MIGRATIONS_RUN: 'false',
      DB_POOL_SIZE: '6',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      INSTANCE_ID: `replica-${n}`,
      PIPELINE_WORKER_POLL_MS: '100',
      PIPELINE_SHUTDOWN_GRACE_MS: '0',
      PIPELINE_WEBHOOK_SECRET: 'three-replicas-webhook-secret-0123456789',
      CONFIG_ACTIVATION_DRAIN_TIMEOUT_MS: '30000',
    }, 60_000);

  const rows = <T = Json>(sql: string, params: unknown[] = []): Promise<T[]> => ownerQuery<T[]>(owner, sql, params);
  const count = async (sql: string, params: unknown[] = []): Promise<number> => (await rows<{ n: number }>(sql, params))[0].n;

  it('drains every replica before a switch, switches all at once, and survives a killed replica', async () => {
    const headers = { ...(await authHeaders('admin')), 'x-tenant-id': 'default' };
    for (const n of [1, 2, 3]) replicas.push(await start(n));
    const [first, , third] = replicas;
    await activateSelections(first.baseUrl, headers, selections('100000', receiver.url));
    await balancer.start(replicas.map((r) => r.baseUrl));

    const api = async (service: ServiceProcess, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${service.baseUrl}/api/v1${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json };
    };
    const validated = async (threshold: string): Promise<Json> => {
      const created = await api(first, 'POST', '/configurations', { summary: `threshold ${threshold}`, selections: selections(threshold, receiver.url) });
      expect(created.status).toBe(201);
      expect((await api(first, 'POST', `/configurations/${created.body.config_id}/validate`)).body.valid).toBe(true);
      return created.body;
    };
    /** Activates (or rolls back) through the first replica and waits for the activation to complete; its record. */
    const switchThrough = async (path: string, body?: unknown): Promise<Json> => {
      const answer = await api(first, 'POST', path, body);
      expect({ status: [200, 202].includes(answer.status), body: answer.body }).toMatchObject({ status: true });
      const id = answer.body.activation.activation_id as string;
      return eventually(
        async () => {
          const state = (await api(first, 'GET', `/configurations/activations/${id}`)).body;
          if (state.state === 'pending') return undefined;
          expect(state).toMatchObject({ state: 'completed' });
          return { ...state, answered: answer.status, version: answer.body.configuration.version };
        },
        { timeoutMs: 45_000, intervalMs: 50, describe: `activation ${id} to complete` },
      );
    };

    // Exactly one active configuration at every sample, from before the load until after the last switch
    // (one sample every 20 ms, the next only once the last has answered: a slow database is not piled up).
    const samples: number[] = [];
    let sampleErrors = 0;
    let sampler: NodeJS.Timeout | undefined;
    let sampling = true;
    const sample = (): void => {
      void count(`SELECT count(*)::int AS n FROM module_configurations WHERE status = 'active'`)
        .then((n) => samples.push(n), () => sampleErrors++)
        .finally(() => {
          if (sampling) sampler = setTimeout(sample, 20);
        });
    };
    sample();

    // Steady load through the balancer: synchronous submissions (run on the replica that took the request) and queued ones (any replica's workers).
    let loading = true;
    let sequence = 0;
    const outcomes = { accepted: 0, refused: 0 };
    const client = async (wait: boolean) => {
      while (loading) {
        const i = sequence++;
        try {
          const response = await fetch(`${balancer.baseUrl}/api/v1/invoices${wait ? '?wait=true' : ''}`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/xml' },
            body: documentOf(i),
          });
          await response.arrayBuffer();
          if (response.status === 200 || response.status === 202) outcomes.accepted++;
          else outcomes.refused++;
        } catch {
          outcomes.refused++; // cut by the SIGKILL
        }
      }
    };
    const load = Promise.all([...Array.from({ length: 6 }, () => client(true)), ...Array.from({ length: 2 }, () => client(false))]);
    const finishedOn = (version: number) => count(`SELECT count(*)::int AS n FROM invoice_runs WHERE config_version = $1 AND finished_at IS NOT NULL`, [version]);
    const versionA = (await api(first, 'GET', '/configurations/active')).body.version as number;
    await eventually(async () => ((await finishedOn(versionA)) >= 40 ? true : undefined), { timeoutMs: 60_000, intervalMs: 100, describe: 'runs on the first version' });

    // An activation and a rollback through the first replica, under load.
    const b = await validated('50');
    const activated = await switchThrough(`/configurations/${b.config_id}/activate`);
    await eventually(async () => ((await finishedOn(b.version)) >= 40 ? true : undefined), { timeoutMs: 60_000, intervalMs: 100, describe: 'runs on the activated version' });
    const rolledBack = await switchThrough('/configurations/rollback', {});
    await eventually(async () => ((await finishedOn(rolledBack.version)) >= 40 ? true : undefined), { timeoutMs: 60_000, intervalMs: 100, describe: 'runs on the restored version' });

    // The load reached every replica (invoices_total counts the runs a process finished).
    const processedBy = async (service: ServiceProcess): Promise<number> => {
      const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
      return [...text.matchAll(/^invoices_total\{status="(completed|completed_with_warnings)"\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[2]), 0);
    };
    const perReplica = await Promise.all(replicas.map(processedBy));
    for (const processed of perReplica) expect(processed).toBeGreaterThan(0);

    // SIGKILL the third replica with runs in flight; activate at once through the first. The load
    // through the balancer may leave the third without a run at any given moment, so two synchronous
    // submissions go to it directly (it runs them itself) and the receiver holds their deliveries:
    // once one is held, the third certainly holds a running run.
    const c = await validated('75');
    receiver.hold('CLUSTER-HELD-');
    const heldDocuments = [0, 1].map((i) => TEMPLATE.replace('<cbc:ID>2018210</cbc:ID>', `<cbc:ID>CLUSTER-HELD-${i}</cbc:ID>`));
    const direct = heldDocuments.map((body) =>
      fetch(`${third.baseUrl}/api/v1/invoices?wait=true`, { method: 'POST', headers: { ...headers, 'content-type': 'application/xml' }, body }).then(
        (response) => response.arrayBuffer(),
        () => undefined, // cut by the SIGKILL
      ),
    );
    await eventually(() => (receiver.heldCount() > 0 ? true : undefined), { timeoutMs: 30_000, intervalMs: 20, describe: "a delivery of the third replica's own run to be held" });
    const runningAtKill = (await rows<{ run_id: string }>(`SELECT run_id FROM invoice_runs WHERE status = 'running'`)).map((r) => r.run_id);
    third.child.kill('SIGKILL');
    const killedAt = new Date();
    expect(await third.exited).toBe('SIGKILL');
    receiver.release();
    await Promise.all(direct);
    const afterKill = await switchThrough(`/configurations/${c.config_id}/activate`);

    // Its runs were taken over by the others within the lease.
    await eventually(
      async () => ((await count(`SELECT count(*)::int AS n FROM invoice_runs WHERE run_id = ANY($1) AND finished_at IS NULL`, [runningAtKill])) === 0 ? true : undefined),
      { timeoutMs: LEASE_MS + 20_000, intervalMs: 100, describe: 'the runs in flight at the kill to finish' },
    );
    const takenOver = await rows<{ run_id: string; finished_at: Date }>(
      `SELECT run_id, finished_at FROM invoice_runs WHERE run_id = ANY($1) AND attempts > 1`,
      [runningAtKill],
    );
    expect(takenOver.length).toBeGreaterThan(0);
    // Among them the run whose delivery was held: it was the third's, and another replica finished it.
    const heldSha = heldDocuments.map((body) => createHash('sha256').update(body).digest('hex'));
    expect(
      await count(
        `SELECT count(*)::int AS n FROM invoice_runs r JOIN invoices i ON i.tenant_id = r.tenant_id AND i.id = r.invoice_id
          WHERE i.document_sha256 = ANY($1) AND r.run_id = ANY($2) AND r.attempts > 1 AND r.finished_at IS NOT NULL`,
        [heldSha, runningAtKill],
      ),
    ).toBeGreaterThan(0);
    const takeoverMs = Math.max(...takenOver.map((r) => r.finished_at.getTime() - killedAt.getTime()));
    expect(takeoverMs).toBeLessThanOrEqual(LEASE_MS + 5_000);
    await eventually(async () => ((await finishedOn(c.version)) >= 20 ? true : undefined), { timeoutMs: 60_000, intervalMs: 100, describe: 'runs on the last version' });

    loading = false;
    await load;
    await eventually(async () => ((await count(`SELECT count(*)::int AS n FROM invoice_runs WHERE finished_at IS NULL`)) === 0 ? true : undefined), {
      timeoutMs: LEASE_MS + 20_000,
      intervalMs: 100,
      describe: 'every run to finish',
    });
    sampling = false;
    clearTimeout(sampler);

    // Exactly one active configuration throughout.
    expect(samples.length).toBeGreaterThan(100);
    expect(samples.filter((n) => n !== 1)).toEqual([]);

    // Every switch: nothing in flight on the old version at the switch, nothing admitted on it once every replica had closed, or after.
    const switches = await rows<{ version: number; gate_closed_at: Date; finished_at: Date; runs_drained: number; switch_delay_ms: number }>(
      `SELECT c.version, a.gate_closed_at, a.finished_at, a.runs_drained, a.switch_delay_ms
         FROM configuration_activations a JOIN module_configurations c USING (config_id)
        WHERE a.state = 'completed' ORDER BY a.finished_at`,
    );
    expect(switches.map((s) => s.version)).toEqual([versionA, b.version, rolledBack.version, c.version]);
    for (const [i, s] of switches.entries()) {
      if (i === 0) continue;
      const previous = switches[i - 1].version;
      expect({
        version: s.version,
        oldFinishedAfterSwitch: await count(`SELECT count(*)::int AS n FROM invoice_runs WHERE config_version = $1 AND finished_at >= $2`, [previous, s.finished_at]),
        oldStartedWhileClosed: await count(`SELECT count(*)::int AS n FROM invoice_runs WHERE config_version < $1 AND started_at >= $2`, [s.version, s.gate_closed_at]),
        oldStartedAfterSwitch: await count(`SELECT count(*)::int AS n FROM invoice_runs WHERE config_version < $1 AND started_at > $2`, [s.version, s.finished_at]),
      }).toEqual({ version: s.version, oldFinishedAfterSwitch: 0, oldStartedWhileClosed: 0, oldStartedAfterSwitch: 0 });
      expect(s.gate_closed_at.getTime()).toBeLessThanOrEqual(s.finished_at.getTime());
    }
    // Under load, the switches had runs to drain; the one after the kill waited for the killed replica's gate lease at most.
    expect(activated.runs_drained + rolledBack.runs_drained).toBeGreaterThan(0);
    expect(afterKill.switch_delay_ms).toBeLessThanOrEqual(LEASE_MS + 5_000);
    expect(await count(`SELECT count(*)::int AS n FROM invoices WHERE status <> ALL($1)`, [FINAL])).toBe(0);

    const report = (name: string, s: Json) => `${name}: answered ${s.answered}, ${s.runs_drained} run(s) drained, switch delay ${s.switch_delay_ms} ms`;
    process.stdout.write(
      `three replicas: ${outcomes.accepted} submissions accepted, ${outcomes.refused} refused or cut; finished runs per replica before the kill ${perReplica.join('/')}; ` +
        `${report('activation', activated)}; ${report('rollback', rolledBack)}; ${report('activation after the kill', afterKill)}; ` +
        `${runningAtKill.length} run(s) running at the kill, ${takenOver.length} taken over, the last finished ${takeoverMs} ms after the kill; ` +
        `${samples.length} samples of the active configuration, all 1 (${sampleErrors} failed to answer)\n`,
    );

    for (const service of replicas.slice(0, 2)) service.child.kill('SIGTERM');
    const exits = await Promise.all(replicas.slice(0, 2).map((s) => s.exited));
    expect({ exits, logs: exits.every((e) => e === 0) ? '' : replicas.map((r) => r.output()).join('\n') }).toEqual({ exits: [0, 0], logs: '' });
  }, 300_000);
});
