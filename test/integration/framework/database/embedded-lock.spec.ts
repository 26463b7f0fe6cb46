import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabaseLockedError, EmbeddedPostgres } from '../../../../src/framework/database';

/** The embedded database directory belongs to one process at a time (service, CLI, another service). */
describe('embedded database lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pglite-lock-'));
  const options = { dataDir: dir, port: 0, maxConnections: 1 };

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second opener while the first runs, and lets the next one in after a clean stop', async () => {
    const first = new EmbeddedPostgres();
    await first.start(options);
    try {
      await expect(new EmbeddedPostgres().start(options)).rejects.toThrow(EmbeddedDatabaseLockedError);
      await expect(new EmbeddedPostgres().start(options)).rejects.toThrow(`is in use by process ${process.pid}`);
    } finally {
      await first.stop();
    }
    expect(existsSync(join(dir, 'invoice-service.lock'))).toBe(false);
    const next = new EmbeddedPostgres();
    await next.start(options);
    await next.stop();
    // Two on-disk PGlite starts (WebAssembly initdb the first time): slow on a loaded 2-core machine.
  }, 180_000);

  it('takes over a lock left by a process that no longer runs', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    writeFileSync(join(dir, 'invoice-service.lock'), String(gone.pid));
    const embedded = new EmbeddedPostgres();
    await embedded.start(options);
    await embedded.stop();
    expect(existsSync(join(dir, 'invoice-service.lock'))).toBe(false);
  });
});
