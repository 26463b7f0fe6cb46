import { DataSource } from 'typeorm';
import { CONFIG_CLASSES } from '../config-classes';
import { ApiKeyRepository } from '../framework/auth/api-keys/api-key.repository';
import { ApiKeyService } from '../framework/auth/api-keys/api-key.service';
import { systemClock } from '../framework/auth/clock';
import { ROLES, type Role } from '../framework/auth/roles';
import { AppConfig, ConfigSet } from '../framework/config';
import { dataSourceOptions, EmbeddedPostgres } from '../framework/database';

type Write = (line: string) => void;

const USAGE =
  'usage: apikey:create --role <role> [--role <role>...] [--tenant <id>] [--expires-in-days <n>] [--name <text>]';

interface Options {
  roles: Role[];
  tenantId: string | null;
  expiresInDays?: number;
  name: string;
}

/** Parses the flags; a string is a usage problem. */
export function parseApiKeyArgs(args: string[]): Options | string {
  const options: Options = { roles: [], tenantId: null, name: 'created with the CLI' };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) return `${flag} needs a value`;
    i++;
    if (flag === '--role') {
      for (const role of value.split(',')) {
        if (!(ROLES as readonly string[]).includes(role)) return `unknown role ${role} (roles: ${ROLES.join(', ')})`;
        options.roles.push(role as Role);
      }
    } else if (flag === '--tenant') options.tenantId = value;
    else if (flag === '--name') options.name = value;
    else if (flag === '--expires-in-days') {
      const days = Number(value);
      if (!Number.isInteger(days) || days < 1 || days > 3650) return '--expires-in-days must be an integer from 1 to 3650';
      options.expiresInDays = days;
    } else return `unknown option ${flag}`;
  }
  return options.roles.length > 0 ? options : 'at least one --role is required';
}

/**
 * `apikey:create`: creates a key with the same service the HTTP API uses and prints it once.
 * With the embedded database the service must be stopped first (PGlite serves one process).
 */
export async function runApiKeyCommand(args: string[], write: Write): Promise<number> {
  const options = parseApiKeyArgs(args);
  if (typeof options === 'string') {
    write(`${options}\n${USAGE}`);
    return 2;
  }
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
