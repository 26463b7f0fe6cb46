import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../../../../src/framework/config';
import { authHeaders } from '../../../support/auth';
import { json, startApp, testConfig } from '../../../support/test-app';

/**
 * The product's own embedded boot, twice, on a data directory of its own: PGlite starts empty and
 * runs every migration (no test template here, that is what is tested), then starts again from the
 * files. Each boot takes seconds alone and far longer beside the other test workers, hence the
 * test's own time limit.
 */
const TWO_EMBEDDED_BOOTS_MS = 180_000;

describe('embedded database (DATABASE_URL unset)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'invoice-pglite-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('logs that it uses PGlite and keeps data across a restart', async () => {
    const config = testConfig({ PGLITE_DATA_DIR: dataDir });
    expect(config.get(AppConfig).databaseUrl).toBeUndefined();

    const first = await startApp(config);
    const created = await fetch(`${first.baseUrl}/api/v1/invoices`, {
      method: 'POST',
      headers: { ...(await authHeaders('submitter', { tenantId: 'default' })), 'content-type': 'application/json' },
      body: JSON.stringify({ invoiceNumber: 'PERSIST-1' }),
    });
    expect(created.status).toBe(202);
    const { id } = await json<{ id: string }>(created);
    expect(first.logs.raw.some((line) => line.includes('database: embedded PGlite'))).toBe(true);
    await first.close();

    const second = await startApp(config);
    try {
      const fetched = await fetch(`${second.baseUrl}/api/v1/invoices/${id}`, { headers: await authHeaders('submitter', { tenantId: 'default' }) });
      expect(fetched.status).toBe(200);
      expect((await json(fetched)).id).toBe(id);
    } finally {
      await second.close();
    }
  }, TWO_EMBEDDED_BOOTS_MS);
});
