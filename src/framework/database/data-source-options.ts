import { join } from 'node:path';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';

/**
 * Compiled code lives in dist/ (dist/framework/database, migrations in dist/migrations/*.js);
 * tests run the TypeScript sources (src/framework/database, migrations in migrations/*.ts).
 */
const compiled = __filename.endsWith('.js');
const root = compiled ? join(__dirname, '..', '..') : join(__dirname, '..', '..', '..');

export const MIGRATIONS_GLOB = join(root, 'migrations', compiled ? '*.js' : '*.ts');
export const ENTITIES_GLOB = join(compiled ? root : join(root, 'src'), '**', compiled ? '*.entity.js' : '*.entity.ts');

export interface DataSourceSettings {
  url: string;
  poolSize: number;
  migrationsRun: boolean;
  applicationName?: string;
}

/** The one definition of how the service connects: used by the app, the CLI and the tests. */
export function dataSourceOptions(settings: DataSourceSettings): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    synchronize: false,
    // Extensions are the migrations' business; gen_random_uuid() is built into PostgreSQL 13+.
    installExtensions: false,
    migrationsRun: settings.migrationsRun,
    migrations: [MIGRATIONS_GLOB],
    migrationsTransactionMode: 'each',
    entities: [ENTITIES_GLOB],
    extra: {
      max: settings.poolSize,
      application_name: settings.applicationName ?? 'invoice-service',
      // A database that stops answering fails requests (503) within this, instead of holding them.
      connectionTimeoutMillis: 5_000,
    },
  };
}

/** A connection URL fit for a log line: no password, no query string. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
