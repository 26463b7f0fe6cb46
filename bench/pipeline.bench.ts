/**
 * Pipeline throughput benchmark. Starts the built service (dist/) in this process against
 * DATABASE_URL (the embedded PGlite when unset) and drives it with autocannon:
 *   (a) POST /api/v1/invoices?wait=true with a ~10 KB UBL invoice (a fresh invoice number per
 *       request, so no duplicates), through every stage of the active configuration;
 *   (b) a baseline route registered on the same Fastify instance that only inserts the raw body
 *       into a scratch table (bench_baseline, dropped afterwards).
 * Prints invoices/s, p50 and p99 latency of both, the ratio a/b and the CPU per request (this
 * process, and the local PostgreSQL processes where /proc shows them), then (c) the median extra time
 * a forced primary failure with fallback adds over the primary's own failure, measured on the
 * stage invoker in-process.
 *
 *   npm run build && npx tsx bench/pipeline.bench.ts [--connections 16] [--duration 15]
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { DataSource } from 'typeorm';
import { BENCH_SECRET, cpuLine, createBenchApp, drive, type Figures, figuresLine, load, option, ROOT } from './support';

const CONNECTIONS = option('--connections', 16);
const DURATION = option('--duration', 15);
const EXAMPLE = join(ROOT, '..', 'shared', 'conformance', 'en16931', 'examples', 'ubl', 'issue116.xml');

async function series(url: string, token: string, body: (n: number) => string, contentType: string): Promise<Figures> {
  let counter = 0;
  return drive({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    setupRequest: (request) => ({ ...request, body: body(counter++) }),
  });
}

async function fallbackOverhead(): Promise<{ primaryFailureUs: number; withFallbackUs: number }> {
  const { MetricsService } = load<typeof import('../src/framework/metrics')>('framework/metrics');
  const { MetricsConfig } = load<typeof import('../src/framework/metrics')>('framework/metrics');
  const { Clock } = load<typeof import('../src/framework/scheduler')>('framework/scheduler');
  const { CircuitBreakers } = load<typeof import('../src/pipeline/run/circuit-breakers')>('pipeline/run/circuit-breakers');
  const { PipelineMetrics } = load<typeof import('../src/pipeline/run/pipeline-metrics')>('pipeline/run/pipeline-metrics');
  const { StageInvoker } = load<typeof import('../src/pipeline/run/stage-invoker')>('pipeline/run/stage-invoker');
  const report = { valid: true, rule_set: 'basic-checks', errors: [], warnings: [] };
  const entry = (id: string, execute: () => Promise<unknown>) => ({ definition: { id, name: id, version: '1.0.0', stage: 'validate', contract: { name: 'validate', version: '1.0.0' } }, instance: { execute } });
  const entries = new Map([
    ['primary', entry('primary', () => Promise.reject(new Error('forced failure')))],
    ['fallback', entry('fallback', () => Promise.resolve(report))],
  ]);
  const policy = (onFailure: 'fail' | 'use_fallback') => ({
    stageId: 'validate',
    fallbackModuleId: 'fallback',
    triggerConditions: { error: true, timeout_ms: 5000, circuit_open: null, module_unavailable: true },
    actions: { retry: null, on_failure: onFailure, mark_for_review: false },
  });
  let current = policy('fail');
  const metrics = new MetricsService(Object.assign(new MetricsConfig(), { metricsDefaultEnabled: false }), new Clock());
  const invoker = new StageInvoker(
    { get: (id: string) => entries.get(id) } as never,
    { policy: () => current, isAvailable: () => true } as never,
    new CircuitBreakers(metrics),
    new PipelineMetrics(metrics),
  );
  const median = async (): Promise<number> => {
    const samples: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const started = performance.now();
      await invoker.invoke({ stageId: 'validate', position: 2, required: true, contract: 'validate' }, { stageId: 'validate', moduleId: 'primary', settings: {} }, {}, { tenantId: 't', configId: 'c', configVersion: 1 });
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    return samples[samples.length >> 1] * 1000;
  };
  await median();
  const primaryFailureUs = await median();
  current = policy('use_fallback');
  await median();
  return { primaryFailureUs, withFallbackUs: await median() };
}

/** One statement as the schema owner (SET LOCAL ROLE NONE: the login user, for this transaction only). */
function asOwner<T = unknown>(dataSource: DataSource, sql: string): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await manager.query('SET LOCAL ROLE NONE');
    return manager.query<T>(sql);
  });
}

async function main(): Promise<void> {
  const app = await createBenchApp();
  const { DataSource: DataSourceClass } = await import('typeorm');
  const dataSource: DataSource = app.get(DataSourceClass);
  // The service's role may not create tables: the scratch table is made as the schema owner
  // (the login user; default privileges grant the service role its DML on it).
  await asOwner(dataSource, `CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, body bytea NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.post('/bench/baseline', async (request, reply) => {
    await dataSource.query(`INSERT INTO bench_baseline (body) VALUES ($1)`, [request.body as Buffer]);
    return reply.code(201).send({ ok: true });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${address.port}`;
  const token = await new SignJWT({ roles: ['submitter'], tenant_id: 'default' }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench').setExpirationTime('1h').sign(new TextEncoder().encode(BENCH_SECRET));
  const template = readFileSync(EXAMPLE, 'utf8');
  const stamp = Date.now().toString(36);
  const invoice = (n: number) => template.replace('<cbc:ID>2018210</cbc:ID>', `<cbc:ID>B-${stamp}-${n}</cbc:ID>`);

  // Warm-up, then the two measured series.
  await series(`${base}/api/v1/invoices?wait=true`, token, invoice, 'application/xml');
  const pipeline = await series(`${base}/api/v1/invoices?wait=true`, token, (n) => invoice(n + 1_000_000), 'application/xml');
  const baseline = await series(`${base}/bench/baseline`, token, invoice, 'application/xml');
  // Let requests autocannon left in flight at the end of the series finish before the table goes.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const statuses = await asOwner<Array<{ status: string; n: number }>>(dataSource, `SELECT status, count(*)::int AS n FROM invoices GROUP BY status ORDER BY status`);
  await asOwner(dataSource, `DROP TABLE bench_baseline`);
  await app.close();

  const overhead = await fallbackOverhead();
  process.stdout.write(
    [
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, database ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}`,
      `document: ${Buffer.byteLength(template)} bytes UBL, ${CONNECTIONS} connections, ${DURATION} s per series`,
      figuresLine('(a) POST /invoices?wait=true', pipeline),
      figuresLine('(b) baseline insert of the body', baseline),
      `ratio a/b: ${(pipeline.rps / baseline.rps).toFixed(2)}`,
      cpuLine('(a)', pipeline),
      cpuLine('(b)', baseline),
      `invoice statuses: ${statuses.map((s) => `${s.status}=${s.n}`).join(', ')}`,
      `(c) stage call, primary fails (policy fail):     median ${overhead.primaryFailureUs.toFixed(1)} µs`,
      `    stage call, primary fails, fallback runs:    median ${overhead.withFallbackUs.toFixed(1)} µs (+${(overhead.withFallbackUs - overhead.primaryFailureUs).toFixed(1)} µs)`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
