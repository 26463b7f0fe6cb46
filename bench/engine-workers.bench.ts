/**
 * CPU per document of the parse and validate stages' engine work, in-process (as before the
 * worker pool) versus on the worker pool (parse task, then validate task re-reading the XML),
 * one document at a time, alternating rounds so machine noise hits both alike. CPU is this
 * process's, worker threads included. Uses the built service (dist/).
 *
 *   npm run build && npx tsx bench/engine-workers.bench.ts [--documents 300] [--rounds 3] [--concurrency 1]
 *
 * --concurrency N keeps N documents in flight on the pool (as a loaded service does; the
 * in-process figure stays one at a time). BENCH_DIST=<dist dir> measures another build. Besides
 * the process's CPU (all threads), the main thread's own CPU per document (process.threadCpuUsage).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, option, ROOT } from './support';

const DOCUMENTS = option('--documents', 300);
const ROUNDS = option('--rounds', 3);
const CONCURRENCY = option('--concurrency', 1);
const EXAMPLE = join(ROOT, '..', 'shared', 'conformance', 'en16931', 'examples', 'ubl', 'issue116.xml');

async function main(): Promise<void> {
  const engine = load<typeof import('../src/einvoice')>('einvoice');
  const { canonicalFromModel } = load<typeof import('../src/stages/canonical/from-model')>('stages/canonical/from-model');
  const { EngineClient } = load<typeof import('../src/stages/engine/engine-client')>('stages/engine/engine-client');
  const { WorkerPool, WorkersConfig } = load<typeof import('../src/framework/workers')>('framework/workers');
  const { MetricsConfig, MetricsService } = load<typeof import('../src/framework/metrics')>('framework/metrics');
  const { Clock } = load<typeof import('../src/framework/scheduler/clock')>('framework/scheduler/clock');
  const pool = new WorkerPool(Object.assign(new WorkersConfig(), { workerPoolSize: 1 }), new MetricsService(Object.assign(new MetricsConfig(), { metricsDefaultEnabled: false }), new Clock()));
  await pool.start();
  const client = new EngineClient(pool, Object.assign(new WorkersConfig(), { engineInlineMaxBytes: 0 }));
  const document = readFileSync(EXAMPLE);

  const inProcess = async () => {
    const parsed = await engine.parseDocumentAsync(document);
    canonicalFromModel(parsed.invoice);
    engine.validateInvoice(parsed);
  };
  const onPool = async () => {
    const { source } = await client.parse(document);
    await client.validate(source);
  };
  const measure = async (run: () => Promise<void>, concurrency = 1) => {
    const cpu = process.cpuUsage();
    const main = process.threadCpuUsage();
    const started = performance.now();
    let next = 0;
    const lane = async () => {
      while (next++ < DOCUMENTS) await run();
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    const { user, system } = process.cpuUsage(cpu);
    const mainThread = process.threadCpuUsage(main);
    return { cpuMs: (user + system) / 1000 / DOCUMENTS, mainMs: (mainThread.user + mainThread.system) / 1000 / DOCUMENTS, wallMs: (performance.now() - started) / DOCUMENTS };
  };
  await measure(inProcess);
  await measure(onPool, CONCURRENCY);
  const results: Record<string, Array<{ cpuMs: number; mainMs: number; wallMs: number }>> = { 'in-process': [], 'worker pool': [] };
  for (let round = 0; round < ROUNDS; round++) {
    results['in-process'].push(await measure(inProcess));
    results['worker pool'].push(await measure(onPool, CONCURRENCY));
  }
  await pool.stop();
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1];
  const lines = Object.entries(results).map(
    ([name, rounds]) =>
      `${name.padEnd(12)} CPU ${median(rounds.map((r) => r.cpuMs)).toFixed(3)} ms per document (main thread ${median(rounds.map((r) => r.mainMs)).toFixed(3)}), wall ${median(rounds.map((r) => r.wallMs)).toFixed(3)} ms (median of ${ROUNDS} rounds of ${DOCUMENTS}${name === 'worker pool' ? `, ${CONCURRENCY} in flight` : ''})`,
  );
  process.stdout.write([`document: ${document.length} bytes UBL (parse + canonical + EN 16931 rules)`, ...lines, ''].join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
