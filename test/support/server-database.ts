import { migratedDataSource } from './migrated-data-source';
import { startPrivatePostgres } from './private-postgres';
import { createTestDatabase, serverUrl, type TestDatabase } from './test-database';

/**
 * A database on a PostgreSQL server, for tests of several service processes on one database
 * (replicas, the cluster gate): on the run's server, like createTestDatabase; when the run is on
 * the embedded database, on a private PostgreSQL of the file's own (migrated). The embedded
 * database is one session behind a socket, the zero-setup database of one process: replicas cannot
 * share it (their prepared statements and LISTEN channels would mix), so their tests need a server.
 */
export async function createServerTestDatabase(): Promise<TestDatabase> {
  if (serverUrl()) return createTestDatabase();
  const pg = await startPrivatePostgres();
  try {
    await (await migratedDataSource(pg.url)).destroy();
  } catch (error) {
    await pg.destroy();
    throw error;
  }
  return { url: pg.url, kind: 'postgres', drop: () => pg.destroy() };
}
