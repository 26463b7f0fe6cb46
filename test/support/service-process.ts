import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from './eventually';

const ROOT = resolve(__dirname, '..', '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const run = promisify(execFile);

/**
 * The service compiled from the current sources into a directory of its own (not dist/, which may
 * be stale or absent when the tests run), exactly as `npm run build` compiles it. The build is
 * kept under .test-build/ by a hash of everything that goes into it, so the files that run the
 * service as a process (and the next run, until a source changes) compile it once: the first
 * caller builds while holding a lock directory, the others wait for the finished build.
 */
export async function buildService(): Promise<{ dir: string; remove(): void }> {
  const builds = join(ROOT, '.test-build');
  mkdirSync(builds, { recursive: true });
  const dir = join(builds, `service-${buildInputsHash()}`);
  const done = join(dir, '.complete');
  const keep = { dir, remove: () => undefined };
  if (existsSync(done)) return keep;
  const lock = `${dir}.lock`;
  if (!takeLock(lock)) {
    await eventually(() => (existsSync(done) ? true : takeLock(lock) ? false : undefined), { timeoutMs: 180_000, intervalMs: 200, describe: `the build in ${dir}` });
    if (existsSync(done)) {
      rmSync(lock, { recursive: true, force: true });
      return keep;
    }
  }
  try {
    for (const old of readdirSync(builds)) if (/^service-[0-9a-f]+$/.test(old)) rmSync(join(builds, old), { recursive: true, force: true });
    // Emit without a second typecheck (`npm run typecheck` is the check); the output is the same.
    await Promise.all([
      run(process.execPath, [TSC, '-p', join(ROOT, 'tsconfig.build.json'), '--noCheck', '--outDir', dir], { cwd: ROOT }),
      run(process.execPath, [TSC, '-p', join(ROOT, 'migrations', 'tsconfig.json'), '--noCheck', '--outDir', join(dir, 'migrations')], { cwd: ROOT }),
    ]);
    writeFileSync(done, '');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return keep;
}

/** Creates the lock directory (atomically, with the owner's pid in it), or takes over one whose owner is gone; false while another holds it. */
function takeLock(lock: string): boolean {
  const staged = mkdtempSync(`${lock}-`);
  writeFileSync(join(staged, 'pid'), String(process.pid));
  try {
    renameSync(staged, lock);
    return true;
  } catch (error) {
    rmSync(staged, { recursive: true, force: true });
    if (!['EEXIST', 'ENOTEMPTY'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  let owner: number;
  try {
    owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    return false; // released meanwhile: the caller looks again
  }
  if (isAlive(owner)) return false;
  rmSync(lock, { recursive: true, force: true });
  return takeLock(lock);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SHA-256 over the paths and contents of the build's inputs: sources, migrations, compiler settings and versions. */
function buildInputsHash(): string {
  const hash = createHash('sha256');
  const files = ['src', 'migrations'].flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(ROOT, join(entry.parentPath, entry.name))),
  );
  for (const file of [...files.sort(), 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) {
    hash.update(file).update('\0').update(readFileSync(join(ROOT, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
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
 * Starts `node [nodeFlags] <build>/main.js` as a separate process with only the given environment (and a
 * working directory without a .env file), and waits until /health/ready answers 200. Like
 * testConfig, a single-operator install (CHANGE_APPROVALS_REQUIRED=0) unless `env` says otherwise.
 */
export async function startServiceProcess(buildDir: string, env: Record<string, string>, readyWithinMs = 30_000, nodeFlags: readonly string[] = []): Promise<ServiceProcess> {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'invoice-service-cwd-'));
  const child = spawn(process.execPath, [...nodeFlags, join(buildDir, 'main.js')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', CHANGE_APPROVALS_REQUIRED: '0', ...env },
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
