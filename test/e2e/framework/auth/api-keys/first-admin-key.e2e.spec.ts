import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuthConfig } from '../../../../../src/framework/auth/auth.config';
import { ApiKeyRepository } from '../../../../../src/framework/auth/api-keys/api-key.repository';
import { FIRST_ADMIN_KEY_FILE, FirstAdminKey } from '../../../../../src/framework/auth/api-keys/first-admin-key';
import { systemClock } from '../../../../../src/framework/auth/clock';
import { json, RunningApp, startApp, testConfig } from '../../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../../support/test-database';

/** A newcomer's start: no API key, no BOOTSTRAP_ADMIN_API_KEY, no JWT settings. */
const fresh = (db: TestDatabase, dataDir: string, extra: Record<string, unknown> = {}) =>
  testConfig({ DATABASE_URL: db.url, DATA_DIR: dataDir, AUTH_JWT_SECRET: undefined, ...extra });

describe('the first admin key of a fresh start', () => {
  let db: TestDatabase;
  let dataDir: string;
  let running: RunningApp | undefined;
  const keyFile = () => join(dataDir, FIRST_ADMIN_KEY_FILE);
  const listKeys = (app: RunningApp, key: string) =>
    fetch(`${app.baseUrl}/api/v1/admin/api-keys`, { headers: { 'x-api-key': key } });

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'invoice-first-key-'));
  });

  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  afterAll(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes an admin key to DATA_DIR/admin-api-key, owner-only, and logs the path but never the key', async () => {
    running = await startApp(fresh(db, dataDir));
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile(), 'utf8').trim();
    expect(key).toMatch(/^isk_[a-z0-9]+_[A-Za-z0-9_-]{16,}$/);

    const created = running.logs.lines.filter((line) => line.event === 'FirstAdminKeyCreated');
    expect(created).toHaveLength(1);
    expect(created[0].file).toBe(keyFile());
    expect(String(created[0].msg)).toContain(keyFile());
    const secret = key.replace(/^isk_[a-z0-9]+_/, '');
    expect(running.logs.raw.filter((line) => line.includes(secret))).toEqual([]);

    const listed = await listKeys(running, key);
    expect(listed.status).toBe(200);
    expect(await json<unknown[]>(listed)).toHaveLength(1);
    expect((await listKeys(running, `${key}x`)).status).toBe(401);
  });

  it('a second start creates no other key and leaves the file as it was', async () => {
    const before = readFileSync(keyFile(), 'utf8');
    running = await startApp(fresh(db, dataDir));
    expect(readFileSync(keyFile(), 'utf8')).toBe(before);
    expect(running.logs.lines.filter((line) => line.event === 'FirstAdminKeyCreated')).toEqual([]);
    const listed = await listKeys(running, before.trim());
    expect(await json<unknown[]>(listed)).toHaveLength(1);
  });

  it('a lost file is not replaced by a new key: the log says how to create one with the CLI', async () => {
    const key = readFileSync(keyFile(), 'utf8').trim();
    rmSync(keyFile());
    running = await startApp(fresh(db, dataDir));
    expect(existsSync(keyFile())).toBe(false);
    const gone = running.logs.lines.filter((line) => line.event === 'FirstAdminKeyFileGone');
    expect(gone).toHaveLength(1);
    expect(String(gone[0].msg)).toContain('apikey:create');
    expect(await json<unknown[]>(await listKeys(running, key))).toHaveLength(1);
  });
});

/** One database for these cases (fresh databases are slow on PGlite): none of them leaves an active key behind for the next. */
describe('when the first admin key is not created', () => {
  let db: TestDatabase;
  let dataDir: string;
  let running: RunningApp | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'invoice-first-key-'));
  });

  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  afterAll(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['FIRST_ADMIN_KEY_FILE=false', { FIRST_ADMIN_KEY_FILE: false }],
    ['JWT settings exist', { AUTH_JWT_SECRET: 'test-only-hs256-secret-0123456789abcdef' }],
    ['BOOTSTRAP_ADMIN_API_KEY is set', { BOOTSTRAP_ADMIN_API_KEY: 'bootstrap-admin-key-for-this-test-0123456789' }],
  ])('%s: no file, no first-run log line', async (_case, extra) => {
    running = await startApp(fresh(db, dataDir, extra));
    expect(existsSync(join(dataDir, FIRST_ADMIN_KEY_FILE))).toBe(false);
    expect(running.logs.lines.filter((line) => String(line.event).startsWith('FirstAdminKey'))).toEqual([]);
  });

  it('replicas starting together store one key and write one file', async () => {
    // BOOTSTRAP_ADMIN_API_KEY unset again: the key the case above stored is revoked at this boot.
    running = await startApp(fresh(db, dataDir, { FIRST_ADMIN_KEY_FILE: false }));
    const dataSource = running.app.get(DataSource);
    const dirs = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'invoice-replica-')));
    try {
      const replicas = dirs.map((dir) => {
        const config = Object.assign(new AuthConfig(), { dataDir: dir });
        return new FirstAdminKey(config, new ApiKeyRepository(dataSource), systemClock);
      });
      await Promise.all(replicas.map((replica) => replica.ensure()));
      const written = dirs.filter((dir) => existsSync(join(dir, FIRST_ADMIN_KEY_FILE)));
      expect(written).toHaveLength(1);
      const active = await dataSource.query<Array<{ created_by: string }>>(`SELECT created_by FROM api_keys WHERE revoked_at IS NULL`);
      expect(active).toEqual([{ created_by: 'first-run' }]);
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
});
