import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { DataSource } from 'typeorm';
import { CONFIG_CLASSES } from '../config-classes';
import { AppConfig, ConfigSet } from '../framework/config';
import { dataSourceOptions, describeDatabaseUrl, EmbeddedPostgres } from '../framework/database';
import { lineWriter, type CommandContext } from './cli-context';

type Write = (line: string) => void;

const DATABASE_HELP =
  '\nDatabase: DB_MIGRATION_URL, else DATABASE_URL, else the embedded one under PGLITE_DATA_DIR (stop the service first: it serves one process).';

/** The four migration commands for the program. */
export function migrationCommands(context: CommandContext): Command[] {
  const write = lineWriter(context.streams.stdout);
  const simple = (name: string, description: string) =>
    new Command(name)
      .description(description)
      .addHelpText('after', DATABASE_HELP)
      .action(async () => context.setExitCode(await runMigrateCommand(name, [], write)));
  return [
    simple('migration:run', 'apply pending migrations'),
    simple('migration:revert', 'revert the last migration'),
    simple('migration:show', 'say whether migrations are pending; exit 1 when they are'),
    new Command('migration:generate')
      .description('write a migration with the SQL that aligns the schema with the entities')
      .argument('<Name>', 'PascalCase name of the migration', pascalCase)
      .addHelpText('after', DATABASE_HELP)
      .action(async (name: string) => context.setExitCode(await runMigrateCommand('migration:generate', [name], write))),
  ];
}

function pascalCase(value: string): string {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(value)) throw new InvalidArgumentError('the name must be PascalCase (letters and digits, starting with a capital).');
  return value;
}

/**
 * `migration:run | migration:revert | migration:show | migration:generate <Name>` against the
 * database the service would use, as the schema owner (DB_MIGRATION_URL, else DATABASE_URL, or
 * the embedded one under PGLITE_DATA_DIR; stop the service first when it runs on the embedded
 * database, which serves one process).
 */
export async function runMigrateCommand(command: string, args: string[], write: Write): Promise<number> {
  const config = ConfigSet.load(CONFIG_CLASSES).get(AppConfig);
  const embedded = new EmbeddedPostgres();
  const url =
    config.dbMigrationUrl ?? config.databaseUrl ??
    (await embedded.start({ dataDir: config.pgliteDataDir, port: 0, maxConnections: 1 }));
  write(`database: ${(config.dbMigrationUrl ?? config.databaseUrl) ? 'PostgreSQL' : 'embedded PGlite'} at ${describeDatabaseUrl(url)}`);
  const dataSource = new DataSource({ ...dataSourceOptions({ url, poolSize: 1, migrationsRun: false }), logging: ['error'] });
  await dataSource.initialize();
  try {
    switch (command) {
      case 'migration:run': {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        write(applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'no pending migrations');
        return 0;
      }
      case 'migration:revert': {
        await dataSource.undoLastMigration({ transaction: 'each' });
        write('reverted the last migration');
        return 0;
      }
      case 'migration:show': {
        const pending = await dataSource.showMigrations();
        write(pending ? 'pending migrations exist' : 'schema is up to date');
        return pending ? 1 : 0;
      }
      case 'migration:generate':
        return await generate(dataSource, args[0], write);
      default:
        write(`unknown command ${command}`);
        return 2;
    }
  } finally {
    await dataSource.destroy();
    await embedded.stop();
  }
}

/** Writes a migration with the SQL that brings the database in line with the entities. */
async function generate(dataSource: DataSource, name: string | undefined, write: Write): Promise<number> {
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    write('usage: migration:generate <PascalCaseName>');
    return 2;
  }
  await dataSource.runMigrations({ transaction: 'each' });
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    write('entities and schema agree: nothing to generate');
    return 0;
  }
  const timestamp = Date.now();
  const statements = (queries: typeof sql.upQueries) =>
    queries.map((q) => `    await q.query(${JSON.stringify(q.query)});`).join('\n');
  const file = resolve('migrations', `${timestamp}-${name}.ts`);
  writeFileSync(
    file,
    `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  async up(q: QueryRunner): Promise<void> {
${statements(sql.upQueries)}
  }

  async down(q: QueryRunner): Promise<void> {
${statements([...sql.downQueries].reverse())}
  }
}
`,
  );
  write(`wrote ${file}; review it, then add constraints TypeORM cannot express (checks, partial indexes)`);
  return 0;
}
