import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/framework/database';

export interface TestDatabase {
  /** Connection URL of a database that belongs to this test file alone. */
  url: string;
  kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

/**
 * Where the run's migrated template is (set by test/support/global-setup.ts): the name of a
 * database on the PostgreSQL server, or the file of a dumped PGlite data directory.
 */
export const TEMPLATE_ENV = 'INVOICE_TEST_TEMPLATE';

/** The server the suites run against: TEST_DATABASE_URL, else DATABASE_URL, else embedded PGlite. */
export function serverUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/**
 * A database for one test file: a new database on the given PostgreSQL server, or a new in-memory
 * PGlite served on a loopback port. By default it is a copy of the run's template, which has every
 * migration applied (migrating again finds nothing to do); `{ empty: true }` gives a database
 * without any schema, for tests of migrating one (and when no template was made, every database
 * starts empty: the app migrates at boot, `migratedDataSource` before the tests).
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const template = options.empty ? undefined : process.env[TEMPLATE_ENV] || undefined;
  const server = serverUrl();
  if (!server) return template ? startPglite(new Blob([readFileSync(template)])) : startEmbedded();
  const name = `invoice_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(server, (client) => client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`));
  return { url: databaseUrl(server, name), kind: 'postgres', drop: () => dropDatabase(server, name) };
}

async function startEmbedded(): Promise<TestDatabase> {
  const embedded = new EmbeddedPostgres();
  // Room for a few clients (apps and a test's own DataSource); each keeps one connection, since
  // PGlite's socket mixes up concurrent extended-protocol exchanges (see DatabaseModule).
  const url = await embedded.start({ dataDir: 'memory://', port: 0, maxConnections: 16 });
  return { url, kind: 'embedded', drop: () => embedded.stop() };
}

/**
 * An in-memory PGlite loaded from a dumped data directory, served like EmbeddedPostgres serves
 * one (same socket server, same connection limit). Loading skips initdb, most of PGlite's start.
 */
async function startPglite(dataDir: Blob): Promise<TestDatabase> {
  const db = await PGlite.create({ loadDataDir: dataDir });
  const served = await servePglite(db);
  return {
    url: served.url,
    kind: 'embedded',
    drop: async () => {
      await served.stop();
      await db.close();
    },
  };
}

/** Serves a PGlite on a loopback port for the `pg` driver, as EmbeddedPostgres does. */
export async function servePglite(db: PGlite): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
  await server.start();
  return { url: `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`, stop: () => server.stop() };
}

/** The URL of another database on the same server. */
export function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(server: string, name: string): Promise<void> {
  await withAdmin(server, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export async function withAdmin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
