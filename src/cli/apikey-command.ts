import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { DataSource } from 'typeorm';
import { CONFIG_CLASSES } from '../config-classes';
import { ApiKeyRepository } from '../framework/auth/api-keys/api-key.repository';
import { ApiKeyService } from '../framework/auth/api-keys/api-key.service';
import { systemClock } from '../framework/auth/clock';
import { ROLES, type Role } from '../framework/auth/roles';
import { AppConfig, ConfigSet } from '../framework/config';
import { dataSourceOptions, EmbeddedPostgres } from '../framework/database';

type Write = (line: string) => void;

interface Options {
  roles: Role[];
  tenantId: string | null;
  expiresInDays?: number;
  name: string;
}

function roles(value: string, previous: Role[] | undefined): Role[] {
  const out = [...(previous ?? [])];
  for (const role of value.split(',')) {
    if (!(ROLES as readonly string[]).includes(role)) throw new InvalidArgumentError(`unknown role ${role} (roles: ${ROLES.join(', ')})`);
    out.push(role as Role);
  }
  return out;
}

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new InvalidArgumentError('--expires-in-days must be an integer from 1 to 3650');
  return n;
}

/** The `apikey:create` command: options parsed and checked by commander, the key made by createApiKey. */
export function apiKeyCommand(onOptions: (options: Options) => Promise<void>): Command {
  // A plain (not async) action: a usage error throws while commander parses, also under parse().
  return new Command('apikey:create')
    .description('create an API key with the service code and print it once')
    .option('--role <role>', `a role (repeatable or comma-separated): ${ROLES.join(', ')}`, roles)
    .option('--tenant <id>', 'tenant the key acts for (none: a platform key)')
    .option('--expires-in-days <n>', 'expiry from now, 1 to 3650 days (default: never)', days)
    .option('--name <text>', 'label shown in key listings', 'created with the CLI')
    .addHelpText('after', '\nWith the embedded database, stop the service first (PGlite serves one process).')
    .action((raw: { role?: Role[]; tenant?: string; expiresInDays?: number; name: string }, command: Command) => {
      if (!raw.role?.length) command.error('error: at least one --role is required', { exitCode: 2, code: 'apikey.noRole' });
      return onOptions({ roles: raw.role ?? [], tenantId: raw.tenant ?? null, expiresInDays: raw.expiresInDays, name: raw.name });
    });
}

/** Parses the flags with the command's own definition; a string is a usage problem. */
export function parseApiKeyArgs(args: string[]): Options | string {
  let parsed: Options | undefined;
  let problem = '';
  const command = apiKeyCommand((options) => {
    parsed = options;
    return Promise.resolve();
  })
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined, outputError: (text) => (problem += text) });
  try {
    command.parse(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return problem.replace(/^error: /, '').trim() || e.message;
    throw e;
  }
  return parsed ?? 'no options parsed';
}

/**
 * `apikey:create`: creates a key with the same service the HTTP API uses and prints it once.
 * With the embedded database the service must be stopped first (PGlite serves one process).
 */
export async function runApiKeyCommand(args: string[], write: Write): Promise<number> {
  const options = parseApiKeyArgs(args);
  if (typeof options === 'string') {
    write(options);
    return 2;
  }
  return createApiKey(options, write);
}

/** Creates the key with the same service the HTTP API uses. */
export async function createApiKey(options: Options, write: Write): Promise<number> {
  const config = ConfigSet.load(CONFIG_CLASSES).get(AppConfig);
  const embedded = new EmbeddedPostgres();
  const url = config.dbMigrationUrl ?? config.databaseUrl ?? (await embedded.start({ dataDir: config.pgliteDataDir, port: 0, maxConnections: 1 }));
  const dataSource = new DataSource({
    ...dataSourceOptions({ url, poolSize: 1, migrationsRun: false, applicationName: 'invoice-service-cli' }),
    logging: ['error'],
  });
  await dataSource.initialize();
  try {
    if (config.dbMigrationsRun) await dataSource.runMigrations({ transaction: 'each' });
    const service = new ApiKeyService(new ApiKeyRepository(dataSource), systemClock);
    const { entity, key } = await service.create({
      name: options.name,
      roles: options.roles,
      tenantId: options.tenantId,
      expiresAt: options.expiresInDays ? new Date(Date.now() + options.expiresInDays * 86_400_000) : null,
      createdBy: 'cli',
    });
    write(`created API key ${entity.id} (prefix ${entity.prefix}, roles ${entity.roles.join(',')}` +
      `${entity.tenantId ? `, tenant ${entity.tenantId}` : ''}${entity.expiresAt ? `, expires ${entity.expiresAt.toISOString()}` : ''})`);
    write('store it now, it is not shown again:');
    write(key);
    return 0;
  } finally {
    await dataSource.destroy();
    await embedded.stop();
  }
}
