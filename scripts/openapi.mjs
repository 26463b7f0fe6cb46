// Writes the service's OpenAPI document: starts the built service (`node dist/main.js`) on a
// fresh embedded database, fetches /docs-json, writes it to the given file and stops the service.
// Usage: node scripts/openapi.mjs openapi.json (after npm run build); then `npx redocly lint`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = process.argv[2] ?? 'openapi.json';
const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const dataDir = mkdtempSync(join(tmpdir(), 'invoice-openapi-'));
const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', PGLITE_DATA_DIR: join(dataDir, 'pglite'), DOCS_ENABLED: 'true' };
delete env.DATABASE_URL;

const child = spawn(process.execPath, ['dist/main.js'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
const exited = new Promise((resolve) => child.on('exit', resolve));
try {
  const deadline = Date.now() + 60_000;
  let document;
  while (!document && Date.now() < deadline) {
    document = await fetch(`http://127.0.0.1:${port}/docs-json`).then((r) => (r.ok ? r.text() : undefined), () => undefined);
    if (!document) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!document) throw new Error('/docs-json did not answer within 60 s');
  writeFileSync(out, document);
  console.log(`openapi: wrote ${out}`);
} catch (error) {
  console.error(`openapi: FAILED: ${error.message}`);
  process.exitCode = 1;
} finally {
  child.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}
