import { DataSource, EntityManager } from 'typeorm';
import { actAsServiceRole, dataSourceOptions } from '../../src/framework/database';
import { createTestDatabase, serverUrl, TestDatabase } from './test-database';

/** A DataSource on the test database with every migration applied, as the app would have it. */
export async function migratedDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource({ ...dataSourceOptions({ url, poolSize: serverUrl() ? 2 : 1, migrationsRun: false }), logging: false });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/**
 * For a test file that works on the schema directly: a fresh database with every migration
 * applied before the tests, dropped after them. Read `.dataSource` inside tests and hooks.
 */
export function useMigratedDatabase(): { readonly dataSource: DataSource } {
  let db: TestDatabase | undefined;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await migratedDataSource(db.url);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });
  return {
    get dataSource(): DataSource {
      if (!dataSource) throw new Error('useMigratedDatabase: the database is ready only inside tests and hooks');
      return dataSource;
    },
  };
}

/** A DataSource acting as the service's database role (row-level security applies), like the app's pool. */
export async function serviceDataSource(url: string): Promise<DataSource> {
  const options = dataSourceOptions({ url, poolSize: serverUrl() ? 2 : 1, migrationsRun: false });
  const dataSource = new DataSource({ ...options, extra: { ...options.extra, onConnect: actAsServiceRole }, logging: false });
  await dataSource.initialize();
  return dataSource;
}

/**
 * Work as the schema owner (the login user) in one transaction, on any connection, even one that
 * acts as the service role: SET LOCAL ROLE NONE returns to the session user until the commit.
 * Tests inspect and arrange tenant-owned rows this way; the embedded database runs one session
 * for every client, so a connection's role there is whatever the last SET ROLE made it.
 */
export function asOwner<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await manager.query('SET LOCAL ROLE NONE');
    return work(manager);
  });
}

/** One query as the schema owner (see asOwner). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function ownerQuery<T = any>(dataSource: DataSource, sql: string, params: unknown[] = []): Promise<T> {
  return asOwner(dataSource, (manager) => manager.query<T>(sql, params));
}
