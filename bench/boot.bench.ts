/**
 * Boot-to-ready benchmark: builds the service into a private directory, then starts
 * `node main.js` several times on the embedded database (PGlite) and measures the time from
 * spawn until /health/live answers 200 (every module started, HTTP listening), and the time
 * from SIGTERM to exit. Two series: a fresh in-memory database (migrations run at each boot) and
 * a persisted data directory (schema already there, the usual restart). Prints medians, then
 * the service lookup figures of bench/registry.bench.ts.
 *
 *   npx tsx bench/boot.bench.ts [--runs 7] [--no-build]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runRegistryBench } from './registry.bench';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, '.bench-build');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 7;
const BUILD = !args.includes('--no-build');
const READY_DEADLINE_MS = 60_000;

function build(): void {
  rmSync(OUT, { recursive: true, force: true });
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  execFileSync(tsc, ['-p', 'tsconfig.build.json', '--outDir', OUT], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(tsc, ['-p', 'migrations/tsconfig.json', '--outDir', join(OUT, 'migrations')], { cwd: ROOT, stdio: 'inherit' });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function live(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health/live`)).status === 200;
  } catch {
    return false;
  }
}

interface Run {
  readyMs: number;
  shutdownMs: number;
}

async function bootOnce(dataDir: string): Promise<Run> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, [join(OUT, 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      PGLITE_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      CONFIG_FILE: '',
      AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET ?? 'bench-only-secret-0123456789abcdef0123',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let dead = false;
  void exited.then(() => (dead = true));

  while (!(await live(port))) {
    if (dead || performance.now() - began > READY_DEADLINE_MS) {
      child.kill('SIGKILL');
      throw new Error(`service did not become ready:\n${stderr}`);
    }
    await new Promise((done) => setTimeout(done, 10));
  }
  const readyMs = performance.now() - began;
  const stopping = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`service exited with ${code}:\n${stderr}`);
  return { readyMs, shutdownMs: performance.now() - stopping };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function series(label: string, dataDir: () => string): Promise<void> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await bootOnce(dataDir()));
  const ready = runs.map((r) => r.readyMs);
  const shutdown = runs.map((r) => r.shutdownMs);
  console.log(
    `${label.padEnd(42)} ready median ${median(ready).toFixed(0).padStart(5)} ms ` +
      `(min ${Math.min(...ready).toFixed(0)}, max ${Math.max(...ready).toFixed(0)}), ` +
      `shutdown median ${median(shutdown).toFixed(0)} ms`,
  );
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${cpus().length} cpu(s) (${cpus()[0]?.model ?? 'unknown'}), ${RUNS} runs per series`);
  if (BUILD) build();
  const persisted = mkdtempSync(join(tmpdir(), 'boot-bench-'));
  try {
    // The first boot on the persisted directory creates the schema; the series measures restarts.
    await bootOnce(persisted);
    await series('embedded, fresh in-memory db (migrations)', () => 'memory://');
    await series('embedded, persisted db (restart)', () => persisted);
    runRegistryBench(2000);
  } finally {
    rmSync(persisted, { recursive: true, force: true });
    if (BUILD) rmSync(OUT, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
