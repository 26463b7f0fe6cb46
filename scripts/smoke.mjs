// Smoke run of the built service on a fresh embedded database: start `node dist/main.js`, wait for
// /health/live, write and read one invoice through the API, send SIGTERM and require exit code 0
// within 10 s with no error in the log. Usage: node scripts/smoke.mjs (after npm run build).
// Like a newcomer after `npm start`: no credential is configured, so the API key is the one the
// first start writes to DATA_DIR/admin-api-key.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fail = (message) => {
  console.error(`smoke: FAILED: ${message}`);
  process.exitCode = 1;
};

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const dataDir = mkdtempSync(join(tmpdir(), 'invoice-smoke-'));
const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', PGLITE_DATA_DIR: join(dataDir, 'pglite'), DATA_DIR: dataDir };
for (const name of ['DATABASE_URL', 'BOOTSTRAP_ADMIN_API_KEY', 'AUTH_JWT_SECRET', 'AUTH_JWT_PUBLIC_KEY', 'AUTH_JWKS_URL', 'AUTH_OIDC_ISSUER', 'FIRST_ADMIN_KEY_FILE']) {
  delete env[name];
}
let apiKey = '';

const child = spawn(process.execPath, ['dist/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
const lines = [];
const collect = (stream) => stream.on('data', (chunk) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
collect(child.stdout);
collect(child.stderr);
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
const base = `http://127.0.0.1:${port}`;

try {
  const deadline = Date.now() + 60_000;
  let live = false;
  while (!live && Date.now() < deadline) {
    live = await fetch(`${base}/health/live`).then((r) => r.ok, () => false);
    if (!live) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!live) throw new Error('/health/live did not answer within 60 s');
  console.log(`smoke: /health/live answered on port ${port}`);

  const keyFile = join(dataDir, 'admin-api-key');
  const mode = statSync(keyFile).mode & 0o777;
  if (mode !== 0o600) throw new Error(`${keyFile} has mode ${mode.toString(8)}, not 600`);
  apiKey = readFileSync(keyFile, 'utf8').trim();
  for (let i = 0; i < 40 && !lines.some((line) => line.includes(keyFile)); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!lines.some((line) => line.includes(keyFile))) throw new Error(`no log line names ${keyFile}`);

  const created = await fetch(`${base}/api/v1/invoices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'x-tenant-id': 'default' },
    body: JSON.stringify({ invoiceNumber: 'SMOKE-1' }),
  });
  if (created.status !== 202) throw new Error(`POST /api/v1/invoices answered ${created.status}`);
  const location = created.headers.get('location');
  const fetched = await fetch(base + location, { headers: { 'x-api-key': apiKey, 'x-tenant-id': 'default' } });
  if (fetched.status !== 200) throw new Error(`GET ${location} answered ${fetched.status}`);
  console.log(`smoke: POST /api/v1/invoices -> 202, GET ${location} -> 200`);

  const started = Date.now();
  child.kill('SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 10_000));
  const result = await Promise.race([exited, timeout]);
  if (result === 'timeout') {
    child.kill('SIGKILL');
    throw new Error('no exit within 10 s of SIGTERM');
  }
  const elapsed = Date.now() - started;
  if (result.code !== 0) throw new Error(`exit code ${result.code} (signal ${result.signal}) after SIGTERM`);
  const errors = lines.filter((line) => /"level":(50|60)/.test(line) || /\b(ERROR|FATAL)\b/.test(line));
  if (errors.length > 0) throw new Error(`error lines in the log:\n${errors.join('\n')}`);
  if (lines.some((line) => line.includes(apiKey))) throw new Error('the API key appears in the log');
  console.log(`smoke: SIGTERM -> exit code 0 in ${elapsed} ms, no error in ${lines.length} log lines`);
} catch (error) {
  fail(error.message);
  console.error(lines.slice(-40).join('\n'));
  child.kill('SIGKILL');
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
