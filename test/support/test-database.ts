import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/framework/database';

export interface TestDatabase {
  /** Connection URL of a database that belongs to this test file alone. */
  url: string;
  kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

/** The server the suites run against: TEST_DATABASE_URL, else DATABASE_URL, else embedded PGlite. */
export function serverUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/**
 * A fresh, empty database for one test file: a new database on the given PostgreSQL server, or a
 * new in-memory PGlite served on a loopback port. Migrations are applied by whoever connects
 * (the app at boot, or `migratedDataSource`).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = serverUrl();
  if (!server) {
    const embedded = new EmbeddedPostgres();
    // Room for a few clients (apps and a test's own DataSource); each keeps one connection, since
    // PGlite's socket mixes up concurrent extended-protocol exchanges (see DatabaseModule).
    const url = await embedded.start({ dataDir: 'memory://', port: 0, maxConnections: 16 });
    return { url, kind: 'embedded', drop: () => embedded.stop() };
  }
  const name = `invoice_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(server, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'postgres',
    drop: async () => {
      await withAdmin(server, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
