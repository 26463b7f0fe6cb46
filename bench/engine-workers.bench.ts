/**
 * CPU per document of the parse and validate stages' engine work, in-process (as before the
 * worker pool) versus on the worker pool (parse task, then validate task re-reading the XML),
 * one document at a time, alternating rounds so machine noise hits both alike. CPU is this
 * process's, worker threads included. Uses the built service (dist/).
 *
 *   npm run build && npx tsx bench/engine-workers.bench.ts [--documents 300] [--rounds 3]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, option, ROOT } from './support';

const DOCUMENTS = option('--documents', 300);
const ROUNDS = option('--rounds', 3);
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
  const client = new EngineClient(pool);
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
  const measure = async (run: () => Promise<void>) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < DOCUMENTS; i++) await run();
    const { user, system } = process.cpuUsage(cpu);
    return { cpuMs: (user + system) / 1000 / DOCUMENTS, wallMs: (performance.now() - started) / DOCUMENTS };
  };
  await measure(inProcess);
  await measure(onPool);
  const results: Record<string, Array<{ cpuMs: number; wallMs: number }>> = { 'in-process': [], 'worker pool': [] };
  for (let round = 0; round < ROUNDS; round++) {
    results['in-process'].push(await measure(inProcess));
    results['worker pool'].push(await measure(onPool));
  }
  await pool.stop();
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1];
  const lines = Object.entries(results).map(
    ([name, rounds]) => `${name.padEnd(12)} CPU ${median(rounds.map((r) => r.cpuMs)).toFixed(2)} ms per document, wall ${median(rounds.map((r) => r.wallMs)).toFixed(2)} ms (median of ${ROUNDS} rounds of ${DOCUMENTS})`,
  );
  process.stdout.write([`document: ${document.length} bytes UBL (parse + canonical + EN 16931 rules)`, ...lines, ''].join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
