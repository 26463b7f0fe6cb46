import { DataSource, EntityManager } from 'typeorm';
import { dataSourceOptions, onServiceConnect } from '../../src/framework/database';
import { createTestDatabase, serverUrl, TestDatabase } from './test-database';

/** A DataSource on the test database with every migration applied, as the app would have it. */
export async function migratedDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource({ ...dataSourceOptions({ url, poolSize: serverUrl() ? 2 : 1, migrationsRun: false }), logging: false });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/** The database of a test file that works on the schema directly (see useMigratedDatabase). */
export interface MigratedDatabase {
  /** Connection URL, for connections of the test's own (replicas, the CLI). */
  readonly url: string;
  readonly kind: TestDatabase['kind'];
  /** The schema owner's DataSource (the login user; row-level security does not apply). */
  readonly dataSource: DataSource;
  /** A new DataSource acting as the service role, like the app's pool; closed after the file. */
  serviceDataSource(): Promise<DataSource>;
}

/**
 * For a test file that works on the schema directly: a fresh database with every migration
 * applied before the tests, dropped after them (with every DataSource it handed out). Call it at
 * the top of the describe block, before the file's own hooks; read its properties inside tests and
 * hooks only. `{ empty: true }` migrates an empty database instead of copying the run's template
 * (for the tests of the migrations themselves).
 */
export function useMigratedDatabase(options: { empty?: boolean } = {}): MigratedDatabase {
  let db: TestDatabase | undefined;
  let owner: DataSource | undefined;
  const opened: DataSource[] = [];
  // Migrating an empty database on the embedded PGlite beside the other test workers can take far
  // longer than the default hook limit; a copy of the template takes a second.
  beforeAll(async () => {
    db = await createTestDatabase(options);
    owner = await migratedDataSource(db.url);
  }, options.empty ? 180_000 : undefined);
  afterAll(async () => {
    for (const dataSource of opened.splice(0)) if (dataSource.isInitialized) await dataSource.destroy();
    await owner?.destroy();
    await db?.drop();
  });
  const ready = (): TestDatabase & { owner: DataSource } => {
    if (!db || !owner) throw new Error('useMigratedDatabase: the database is ready only inside tests and hooks');
    return { ...db, owner };
  };
  return {
    get url() {
      return ready().url;
    },
    get kind() {
      return ready().kind;
    },
    get dataSource() {
      return ready().owner;
    },
    async serviceDataSource() {
      const dataSource = await serviceDataSource(ready().url);
      opened.push(dataSource);
      return dataSource;
    },
  };
}

/** A DataSource acting as the service's database role (row-level security applies), like the app's pool. */
export async function serviceDataSource(url: string): Promise<DataSource> {
  const options = dataSourceOptions({ url, poolSize: serverUrl() ? 2 : 1, migrationsRun: false });
  const dataSource = new DataSource({ ...options, extra: { ...options.extra, onConnect: onServiceConnect }, logging: false });
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
