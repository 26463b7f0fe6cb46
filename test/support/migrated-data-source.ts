import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/framework/database';
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
