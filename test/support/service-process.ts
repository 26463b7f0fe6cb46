import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from './eventually';

const ROOT = resolve(__dirname, '..', '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const run = promisify(execFile);

/**
 * The service compiled from the current sources into a directory of its own (not dist/, which may
 * be stale or absent when the tests run), exactly as `npm run build` compiles it.
 */
export async function buildService(): Promise<{ dir: string; remove(): void }> {
  // Inside the project, so the compiled code finds node_modules like dist/ does.
  mkdirSync(join(ROOT, '.test-build'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.test-build', 'service-'));
  await run(process.execPath, [TSC, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dir], { cwd: ROOT });
  await run(process.execPath, [TSC, '-p', join(ROOT, 'migrations', 'tsconfig.json'), '--outDir', join(dir, 'migrations')], { cwd: ROOT });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServiceProcess {
  baseUrl: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal) once the process has gone. */
  exited: Promise<number | string>;
}

/**
 * Starts `node <build>/main.js` as a separate process with only the given environment (and a
 * working directory without a .env file), and waits until /health/ready answers 200.
 */
export async function startServiceProcess(buildDir: string, env: Record<string, string>, readyWithinMs = 30_000): Promise<ServiceProcess> {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'invoice-service-cwd-'));
  const child = spawn(process.execPath, [join(buildDir, 'main.js')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolveExit) => child.once('exit', (code, signal) => resolveExit(code ?? signal ?? 'unknown')));
  void exited.then(() => rmSync(cwd, { recursive: true, force: true }));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the service exited during start:\n${output}`);
        return (await fetch(`${baseUrl}/health/ready`).then((r) => r.status === 200, () => false)) || undefined;
      },
      { timeoutMs: readyWithinMs, intervalMs: 100, describe: () => `the service to be ready:\n${output}` },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { baseUrl, child, output: () => output, exited };
}
