/**
 * Pipeline throughput benchmark (issue 17). The service runs as separate processes
 * (bench/service.mjs on a build directory, N of them on one port), against a fresh PostgreSQL
 * database per run; autocannon runs in this process. Per run of a build:
 *   (a) POST /api/v1/invoices?wait=true with a ~10 KB UBL invoice (a fresh invoice number per
 *       request, so no duplicates), through every stage of the active configuration, as fast as it
 *       goes (after a warm-up series): the maximum load;
 *   (b) POST /bench/baseline on the same processes: only inserts the raw body into a scratch table;
 *   (a½) (a) again at a fixed rate of half the maximum measured in (a) (`--load-steps`), for p99:
 *       open loop, evenly spaced, latency from when each request was due (support.ts `pace`);
 *       `--step-pacing autocannon` paces it with autocannon's overallRate instead (each second's
 *       share in a burst at the second's start: the figures of sessions before 12).
 * CPU per request = CPU of the service processes (/proc, all threads) plus the PostgreSQL backends
 * of the run's database; PostgreSQL processes shared with other databases are printed apart.
 * The service's CPU is also split by thread (main, worker threads, V8's helpers: GC). Where the
 * server has pg_stat_statements loaded (shared_preload_libraries), (a)'s statements are listed
 * with their calls per invoice and execution time per call.
 * `--compare` runs an old build and this one alternately, round by round, and prints medians.
 * Finally (c): the median extra time a forced primary failure with fallback adds over the
 * primary's own failure, measured on the stage invoker in-process.
 *
 *   npm run bench -- [--processes 1,2] [--compare <rev-or-dir>] [--rounds 3] [--connections 16]
 *                    [--duration 15] [--warmup 5] [--load-steps 0.5] [--step-pacing even] [--build dist]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import { type RunningService, dropDatabase, startService } from './service-processes';
import { BENCH_SECRET, cpuLine, drive, type Figures, figuresLine, option, pace, ROOT } from './support';

const args = process.argv.slice(2);
const text = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const list = (name: string, fallback: string): number[] => (text(name) ?? fallback).split(',').filter((v) => v !== 'none' && v !== '').map(Number);

const CONNECTIONS = option('--connections', 16);
const DURATION = option('--duration', 15);
const WARMUP = option('--warmup', 5);
const PROCESSES = list('--processes', '1');
const LOAD_STEPS = list('--load-steps', '0.5');
/** How a load step is paced: `even` (open loop, evenly spaced; the default) or `autocannon` (its overallRate: each second's share sent in a burst, as before session 12). */
const STEP_PACING = text('--step-pacing') ?? 'even';
if (STEP_PACING !== 'even' && STEP_PACING !== 'autocannon') throw new Error(`--step-pacing: even or autocannon, not ${STEP_PACING}`);
const COMPARE = text('--compare');
const ROUNDS = option('--rounds', COMPARE ? 3 : 1);
const BUILD = resolve(text('--build') ?? process.env.BENCH_DIST ?? join(ROOT, 'dist'));
const KEEP = args.includes('--keep-databases');
const EXAMPLE = join(ROOT, '..', 'shared', 'conformance', 'en16931', 'examples', 'ubl', 'issue116.xml');

interface Build {
  label: string;
  dir: string;
}

interface Run {
  build: string;
  processes: number;
  round: number;
  pipeline: Figures;
  baseline: Figures;
  steps: Array<{ share: number; rate: number; figures: Figures }>;
  statuses: string;
  load: string;
  /** (a)'s statements by execution time, where pg_stat_statements is available. */
  statements: string[];
}

/** `--compare`: a build directory (with main.js), a checkout with dist/, or a git revision built in /tmp/bench-<sha>. */
function oldBuild(spec: string): Build {
  for (const dir of [resolve(spec), resolve(spec, 'dist')]) if (existsSync(join(dir, 'main.js'))) return { label: spec, dir };
  const sha = execFileSync('git', ['rev-parse', '--short', `${spec}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const tree = `/tmp/bench-${sha}`;
  if (!existsSync(join(tree, 'dist', 'main.js'))) {
    process.stderr.write(`building ${spec} (${sha}) in ${tree}\n`);
    if (!existsSync(tree)) execFileSync('git', ['worktree', 'add', '--detach', tree, sha], { cwd: ROOT, stdio: 'inherit' });
    if (!existsSync(join(tree, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: tree, stdio: 'inherit' });
  }
  return { label: sha, dir: join(tree, 'dist') };
}

async function token(): Promise<string> {
  return new SignJWT({ roles: ['submitter'], tenant_id: 'default' }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench').setExpirationTime('2h').sign(new TextEncoder().encode(BENCH_SECRET));
}

const template = readFileSync(EXAMPLE, 'utf8');
const stamp = Date.now().toString(36);
let invoiceCounter = 0;
const invoice = (): string => template.replace('<cbc:ID>2018210</cbc:ID>', `<cbc:ID>B-${stamp}-${invoiceCounter++}</cbc:ID>`);

async function series(service: RunningService, path: string, bearer: string, duration: number, overallRate?: number): Promise<Figures> {
  if (overallRate !== undefined && STEP_PACING === 'even') {
    return pace({
      url: `${service.url}${path}`,
      connections: CONNECTIONS,
      duration,
      rate: overallRate,
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/xml' },
      body: invoice,
      probe: service.probe,
    });
  }
  return drive({
    url: `${service.url}${path}`,
    connections: CONNECTIONS,
    duration,
    overallRate,
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/xml' },
    setupRequest: (request) => ({ ...request, body: invoice() }),
    probe: service.probe,
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

async function run(build: Build, processes: number, round: number): Promise<Run> {
  const name = `bench_${build.label.replace(/\W/g, '_')}_${processes}p_${round}_${stamp}`.toLowerCase();
  const service = await startService({ build: build.dir, name, processes });
  try {
    const bearer = await token();
    const before = loadavg()[0];
    await series(service, '/api/v1/invoices?wait=true', bearer, WARMUP);
    const tracked = await statementsReset(service);
    const pipeline = await series(service, '/api/v1/invoices?wait=true', bearer, DURATION);
    const statements = tracked ? await statementsOf(service, pipeline.total) : [];
    // Requests autocannon left in flight finish before the next series.
    await settle();
    const baseline = await series(service, '/bench/baseline', bearer, DURATION);
    await settle();
    const steps: Run['steps'] = [];
    for (const share of LOAD_STEPS) {
      const rate = Math.max(1, Math.round(pipeline.rps * share));
      steps.push({ share, rate, figures: await series(service, '/api/v1/invoices?wait=true', bearer, DURATION, rate) });
      await settle();
    }
    const statuses = (await service.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM invoices GROUP BY status ORDER BY status`)).rows;
    const result: Run = {
      build: build.label,
      processes,
      round,
      pipeline,
      baseline,
      steps,
      statuses: statuses.map((s) => `${s.status}=${s.n}`).join(', '),
      load: `load average ${before.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
      statements,
    };
    print(result);
    return result;
  } finally {
    await service.stop();
    if (!KEEP) await dropDatabase(name);
  }
}

/** Starts pg_stat_statements' counts afresh for the run's database; false where the server has not loaded it. */
async function statementsReset(service: RunningService): Promise<boolean> {
  try {
    await service.db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    // Only this database's statements: other databases on the server keep theirs (0 = any user, any statement).
    await service.db.query('SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)');
    return true;
  } catch {
    return false;
  }
}

/** The statements of the series since the reset, by execution time: calls per invoice, µs per call. */
async function statementsOf(service: RunningService, invoices: number): Promise<string[]> {
  const rows = (
    await service.db.query<{ calls: string; total_ms: number; query: string }>(
      `SELECT calls, total_exec_time AS total_ms, regexp_replace(query, '\\s+', ' ', 'g') AS query
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY total_exec_time DESC LIMIT 6`,
    )
  ).rows;
  return rows.map((r) => {
    const calls = Number(r.calls);
    return `  ${(calls / invoices).toFixed(2)} per invoice × ${((r.total_ms * 1000) / calls).toFixed(0).padStart(4)} µs  ${r.query.slice(0, 90)}`;
  });
}

const cpuOf = (f: Figures): number => f.cpuMsPerRequest.node + (f.cpuMsPerRequest.postgres ?? 0);
/** Of cpuOf, the part in the kernel (NaN where not measured). */
const kernelOf = (f: Figures): number => (f.cpuMsPerRequest.kernel ? f.cpuMsPerRequest.kernel.node + (f.cpuMsPerRequest.kernel.postgres ?? 0) : NaN);

function print(r: Run): void {
  const lines = [
    `-- round ${r.round}, build ${r.build}, ${r.processes} process${r.processes > 1 ? 'es' : ''} (${r.load})`,
    figuresLine('(a) POST /invoices?wait=true', r.pipeline),
    figuresLine('(b) baseline insert of the body', r.baseline),
    ...r.steps.map((s) => figuresLine(`(a) at ${s.share * 100}% of max = ${s.rate}/s`, s.figures)),
    cpuLine('(a)', r.pipeline),
    cpuLine('(b)', r.baseline),
    `ratio a/b: throughput ${(r.pipeline.rps / r.baseline.rps).toFixed(3)}, CPU per request b/a ${(cpuOf(r.baseline) / cpuOf(r.pipeline)).toFixed(3)}`,
    `invoice statuses: ${r.statuses}`,
    ...(r.statements.length ? ['(a) statements by execution time (pg_stat_statements):', ...r.statements] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function summary(runs: Run[], builds: Build[]): string {
  const rows: string[] = [
    '| build | processes | (a) invoices/s | (b) baseline/s | a/b | CPU/invoice service + PG backends (ms) | of it in the kernel (ms) | CPU/baseline request (ms) | of it in the kernel (ms) | CPU ratio b/a | PG shared per invoice (ms) | p99 at half max (ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const m = (values: number[], digits: number) => median(values).toFixed(digits);
  for (const processes of PROCESSES) {
    for (const build of builds) {
      const mine = runs.filter((r) => r.build === build.label && r.processes === processes);
      if (!mine.length) continue;
      const half = mine.flatMap((r) => r.steps.filter((s) => s.share === 0.5).map((s) => s.figures.p99));
      rows.push(
        `| ${build.label} | ${processes} | ${m(mine.map((r) => r.pipeline.rps), 0)} | ${m(mine.map((r) => r.baseline.rps), 0)} | ${m(mine.map((r) => r.pipeline.rps / r.baseline.rps), 3)} | ` +
          `${m(mine.map((r) => r.pipeline.cpuMsPerRequest.node), 2)} + ${m(mine.map((r) => r.pipeline.cpuMsPerRequest.postgres ?? NaN), 2)} = ${m(mine.map((r) => cpuOf(r.pipeline)), 2)} | ${m(mine.map((r) => kernelOf(r.pipeline)), 2)} | ` +
          `${m(mine.map((r) => cpuOf(r.baseline)), 2)} | ${m(mine.map((r) => kernelOf(r.baseline)), 2)} | ${m(mine.map((r) => cpuOf(r.baseline) / cpuOf(r.pipeline)), 3)} | ${m(mine.map((r) => r.pipeline.cpuMsPerRequest.postgresShared ?? NaN), 2)} | ${half.length ? m(half, 0) : 'n/a'} |`,
      );
    }
  }
  if (builds.length === 2) {
    for (const processes of PROCESSES) {
      const [old, current] = builds.map((b) => runs.filter((r) => r.build === b.label && r.processes === processes));
      if (!old.length || !current.length) continue;
      const cpu = median(current.map((r) => cpuOf(r.pipeline))) / median(old.map((r) => cpuOf(r.pipeline)));
      const rps = median(current.map((r) => r.pipeline.rps)) / median(old.map((r) => r.pipeline.rps));
      rows.push('', `${processes} process(es): new/old CPU per invoice ${cpu.toFixed(3)}, new/old invoices/s ${rps.toFixed(2)} (medians)`);
      // Each round runs the two builds back to back: their ratio per round shows how far the machine moved the medians.
      const byRound = current.flatMap((r) => old.filter((o) => o.round === r.round).map((o) => cpuOf(r.pipeline) / cpuOf(o.pipeline)));
      if (byRound.length > 1) rows.push(`${processes} process(es): new/old CPU per invoice by round ${byRound.map((v) => v.toFixed(3)).join(', ')} (median ${median(byRound).toFixed(3)})`);
    }
  }
  for (const build of builds) {
    if (PROCESSES.length < 2) continue;
    const at = (n: number) => median(runs.filter((r) => r.build === build.label && r.processes === n).map((r) => r.pipeline.rps));
    rows.push(`${build.label}: invoices/s with ${PROCESSES[PROCESSES.length - 1]} processes / with ${PROCESSES[0]}: ${(at(PROCESSES[PROCESSES.length - 1]) / at(PROCESSES[0])).toFixed(2)}`);
  }
  return rows.join('\n');
}

async function fallbackOverhead(dist: string): Promise<{ primaryFailureUs: number; withFallbackUs: number }> {
  const load = <T>(path: string): T => require(join(dist, path)) as T;
  // Outside an application Nest's default logger prints debug lines; the service logs at info.
  createRequire(join(dist, 'main.js'))('@nestjs/common').Logger.overrideLogger(['log', 'warn', 'error', 'fatal']);
  const { MetricsService, MetricsConfig } = load<typeof import('../src/framework/metrics')>('framework/metrics');
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
  const sample = async (): Promise<number> => {
    const samples: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const started = performance.now();
      await invoker.invoke({ stageId: 'validate', position: 2, required: true, contract: 'validate' }, { stageId: 'validate', moduleId: 'primary', settings: {} }, {}, { tenantId: 't', configId: 'c', configVersion: 1 });
      samples.push(performance.now() - started);
    }
    return median(samples) * 1000;
  };
  await sample();
  const primaryFailureUs = await sample();
  current = policy('use_fallback');
  await sample();
  return { primaryFailureUs, withFallbackUs: await sample() };
}

async function main(): Promise<void> {
  // The build directory may be older than the checkout: its label is 'new' / 'build', not a revision.
  const current: Build = { label: COMPARE ? 'new' : 'build', dir: BUILD };
  const builds = COMPARE ? [oldBuild(COMPARE), current] : [current];
  process.stdout.write(
    [
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, PostgreSQL at ${process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432'} (a fresh database per run)`,
      `document: ${Buffer.byteLength(template)} bytes UBL, ${CONNECTIONS} connections, warm-up ${WARMUP} s, ${DURATION} s per series, processes ${PROCESSES.join(', ')}, rounds ${ROUNDS}`,
      `builds: ${builds.map((b) => `${b.label} = ${b.dir}`).join('; ')}`,
      '',
    ].join('\n'),
  );
  const runs: Run[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const processes of PROCESSES) {
      for (const build of builds) runs.push(await run(build, processes, round));
    }
  }
  process.stdout.write(`\nmedians over ${ROUNDS} round(s):\n${summary(runs, builds)}\n`);
  for (const build of builds) {
    try {
      const overhead = await fallbackOverhead(build.dir);
      process.stdout.write(
        `(c) ${build.label}: stage call, primary fails (policy fail) median ${overhead.primaryFailureUs.toFixed(1)} µs; with fallback ${overhead.withFallbackUs.toFixed(1)} µs (+${(overhead.withFallbackUs - overhead.primaryFailureUs).toFixed(1)} µs)\n`,
      );
    } catch (error) {
      process.stdout.write(`(c) ${build.label}: not measurable on this build (${error instanceof Error ? error.message : String(error)})\n`);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
