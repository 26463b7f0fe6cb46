/**
 * CPU per invoice of the engine's worker path as the parse and validate stages use it
 * (EngineClient.parse, then EngineClient.validate on the source it returned, by the rule set the
 * en16931 module asks for), an old build against this one, alternating blocks in one process so
 * machine noise hits both alike. Each build gets its own one-thread WorkerPool (as the service on
 * two cores); CPU is the process's (all threads), and the main thread's plus the engine thread's own
 * (without V8's helper threads: JIT and GC helpers, the noisiest part).
 *
 *   npm run build && npx tsx bench/engine-trip.bench.ts --old /tmp/bench-<sha>/dist [--documents 400] [--rounds 5] [--concurrency 1]
 *
 * Scenarios: `usual` (validate asks for en16931 every time, as the en16931 module does for the
 * bench's Peppol-claiming invoice), `miss` (validate alternates en16931 and peppol-bis3, so a
 * report made in the parse trip is never the one asked for: the worst case of a wrong forecast),
 * `parse-only` (no validate call, as a pipeline without an engine validate module, before the
 * client stops judging).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { option, ROOT } from './support';

const DOCUMENTS = option('--documents', 400);
const ROUNDS = option('--rounds', 5);
const CONCURRENCY = option('--concurrency', 1);
const args = process.argv.slice(2);
const OLD = args.includes('--old') ? resolve(args[args.indexOf('--old') + 1]) : undefined;
const NEW = resolve(process.env.BENCH_DIST ?? join(ROOT, 'dist'));
const SCENARIOS = (args.includes('--scenarios') ? args[args.indexOf('--scenarios') + 1] : 'usual,miss,parse-only').split(',');
const EXAMPLE = join(ROOT, '..', 'shared', 'conformance', 'en16931', 'examples', 'ubl', 'issue116.xml');

/** A task file that answers its worker thread's own CPU time (µs), so the engine thread is measured apart from V8's helper threads. */
const THREAD_CPU = join(tmpdir(), `engine-trip-thread-cpu-${process.pid}.cjs`);
writeFileSync(THREAD_CPU, 'exports.cpu = () => { const u = process.threadCpuUsage(); return u.user + u.system; };\n');

type Engine = { parse(document: Buffer, signal?: AbortSignal, key?: string): Promise<{ source: object }>; validate(source: object, signal?: AbortSignal, ruleSet?: string): Promise<unknown> };

async function client(dist: string): Promise<{ engine: Engine; stop: () => Promise<void>; workerCpu: () => Promise<number> }> {
  const from = <T>(path: string): T => require(join(dist, path)) as T;
  const { EngineClient } = from<typeof import('../src/stages/engine/engine-client')>('stages/engine/engine-client');
  const { WorkerPool, WorkersConfig } = from<typeof import('../src/framework/workers')>('framework/workers');
  const { MetricsConfig, MetricsService } = from<typeof import('../src/framework/metrics')>('framework/metrics');
  const { Clock } = from<typeof import('../src/framework/scheduler/clock')>('framework/scheduler/clock');
  const pool = new WorkerPool(Object.assign(new WorkersConfig(), { workerPoolSize: 1 }), new MetricsService(Object.assign(new MetricsConfig(), { metricsDefaultEnabled: false }), new Clock()));
  await pool.start();
  return { engine: new EngineClient(pool, Object.assign(new WorkersConfig(), { engineInlineMaxBytes: 0 })) as unknown as Engine, stop: () => pool.stop(), workerCpu: () => pool.run<undefined, number>({ filename: THREAD_CPU, name: 'cpu' }, undefined) };
}

async function main(): Promise<void> {
  if (OLD === undefined) throw new Error('--old <dist of the old build> is required');
  const document = readFileSync(EXAMPLE);
  const builds = { old: await client(OLD), new: await client(NEW) };
  let invoice = 0;
  const flows: Record<string, (engine: Engine) => Promise<void>> = {
    usual: async (engine) => {
      const { source } = await engine.parse(document, undefined, 't');
      await engine.validate(source, undefined, 'en16931');
    },
    miss: async (engine) => {
      const { source } = await engine.parse(document, undefined, 'm');
      await engine.validate(source, undefined, invoice++ % 2 === 0 ? 'en16931' : 'peppol-bis3');
    },
    'parse-only': async (engine) => {
      // A fresh key per block of fewer than 256 parses: the client never reaches its stop.
      await engine.parse(document, undefined, `p${Math.floor(invoice++ / 200)}`);
    },
  };
  const measure = async ({ engine, workerCpu }: { engine: Engine; workerCpu: () => Promise<number> }, flow: (engine: Engine) => Promise<void>) => {
    const worker = await workerCpu();
    const cpu = process.cpuUsage();
    const main = process.threadCpuUsage();
    let next = 0;
    const lane = async () => {
      while (next++ < DOCUMENTS) await flow(engine);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    const all = process.cpuUsage(cpu);
    const own = process.threadCpuUsage(main);
    const engineThread = (await workerCpu()) - worker;
    const cpuMs = (all.user + all.system) / 1000 / DOCUMENTS;
    const mainMs = (own.user + own.system) / 1000 / DOCUMENTS;
    const workerMs = engineThread / 1000 / DOCUMENTS;
    return { cpuMs, mainMs, workerMs, twoMs: mainMs + workerMs };
  };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
  const lines = [`document: issue116.xml, ${document.length} bytes UBL; ${DOCUMENTS} invoices per block, ${CONCURRENCY} in flight, ${ROUNDS} rounds (old/new alternating)`];
  for (const scenario of SCENARIOS) {
    const flow = flows[scenario];
    for (const build of Object.values(builds)) await measure(build, flow);
    const results: Record<string, Array<{ cpuMs: number; mainMs: number; workerMs: number; twoMs: number }>> = { old: [], new: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const);
      for (const name of order) results[name].push(await measure(builds[name], flow));
    }
    for (const [name, rounds] of Object.entries(results)) {
      const cpu = rounds.map((r) => r.cpuMs);
      lines.push(
        `${scenario.padEnd(10)} ${name}: CPU ${median(cpu).toFixed(3)} ms per invoice, all threads; main + engine thread ${median(rounds.map((r) => r.twoMs)).toFixed(3)} (main ${median(rounds.map((r) => r.mainMs)).toFixed(3)}, engine thread ${median(rounds.map((r) => r.workerMs)).toFixed(3)}); rounds ${cpu.map((v) => v.toFixed(3)).join(' ')}`,
      );
    }
    const delta = results.new.map((r, i) => r.cpuMs - results.old[i].cpuMs);
    const ratio = results.new.map((r, i) => r.cpuMs / results.old[i].cpuMs);
    const two = results.new.map((r, i) => r.twoMs - results.old[i].twoMs);
    lines.push(`${scenario.padEnd(10)} new - old per round: ${delta.map((v) => v.toFixed(3)).join(' ')} (median ${median(delta).toFixed(3)} ms; new/old median ${median(ratio).toFixed(3)})`);
    const quartiles = (values: number[]) => `${[...values].sort((a, b) => a - b)[values.length >> 2].toFixed(3)} / ${[...values].sort((a, b) => a - b)[(3 * values.length) >> 2].toFixed(3)}`;
    lines.push(`${scenario.padEnd(10)} main + engine thread, new - old: median ${median(two).toFixed(3)} ms (quartiles ${quartiles(two)})`);
    // The engine thread alone, round by round (its own CPU: neither the main thread nor V8's helpers).
    const engine = results.new.map((r, i) => r.workerMs - results.old[i].workerMs);
    const engineRatio = results.new.map((r, i) => r.workerMs / results.old[i].workerMs);
    lines.push(
      `${scenario.padEnd(10)} engine thread, new - old per round: ${engine.map((v) => v.toFixed(3)).join(' ')} (median ${median(engine).toFixed(3)} ms, quartiles ${quartiles(engine)}; new/old median ${median(engineRatio).toFixed(3)})`,
    );
  }
  await builds.old.stop();
  await builds.new.stop();
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
