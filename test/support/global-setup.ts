import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ensureConsoleBuilt } from './browser';
import { migratedDataSource } from './migrated-data-source';
import { databaseUrl, dropDatabase, servePglite, serverUrl, TEMPLATE_ENV, withAdmin } from './test-database';

/**
 * Jest globalSetup of the integration and e2e projects: migrates one template database per run,
 * so each test file copies it (CREATE DATABASE ... TEMPLATE, or a PGlite loaded from the dumped
 * data directory) instead of running every migration, and PGlite skips initdb. The workers
 * inherit TEMPLATE_ENV; global-teardown.ts removes the template. It also builds the operator
 * console's bundle when it is missing or older than its sources, once, before any worker starts an
 * app that serves it (test/e2e/console).
 */
export default async function globalSetup(): Promise<void> {
  ensureConsoleBuilt();
  const server = serverUrl();
  if (server) {
    const name = `invoice_test_template_${process.pid}_${randomBytes(4).toString('hex')}`;
    await withAdmin(server, (client) => client.query(`CREATE DATABASE ${name}`));
    process.env[TEMPLATE_ENV] = name;
    try {
      await (await migratedDataSource(databaseUrl(server, name))).destroy();
    } catch (error) {
      await dropDatabase(server, name);
      throw error;
    }
    return;
  }
  const db = await PGlite.create();
  const served = await servePglite(db);
  try {
    await (await migratedDataSource(served.url)).destroy();
  } finally {
    await served.stop();
  }
  const dump = await db.dumpDataDir('none');
  await db.close();
  const file = join(tmpdir(), `invoice-test-template-${process.pid}-${randomBytes(4).toString('hex')}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env[TEMPLATE_ENV] = file;
}
