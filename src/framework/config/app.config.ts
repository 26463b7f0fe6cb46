import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Setting } from './setting.decorator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Service-wide settings. Defaults are the property initialisers; every field is documented in
 * .env.example (a unit test keeps the two in step).
 */
export class AppConfig {
  @Setting({
    env: 'CONFIG_FILE',
    description: 'Configuration file (YAML or JSON) read below the environment; keys are variable names or sections.',
    example: './config.yaml',
  })
  @IsOptional()
  @IsString()
  configFile?: string;

  @Setting({ env: 'PORT', description: 'HTTP port the API listens on.' })
  @IsInt()
  @Min(0)
  @Max(65535)
  port: number = 3000;

  @Setting({ env: 'HOST', description: 'Interface the API binds to (0.0.0.0 for all, 127.0.0.1 for loopback only).' })
  @IsString()
  host: string = '0.0.0.0';

  @Setting({
    env: 'DATABASE_URL',
    description: 'PostgreSQL connection URL. Unset: the embedded PGlite database under PGLITE_DATA_DIR.',
    secret: true,
    example: 'postgres://invoice:invoice@127.0.0.1:5432/invoice',
  })
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  databaseUrl?: string;

  @Setting({
    env: 'DB_MIGRATION_URL',
    description:
      'Connection URL migrations run with (the schema owner). Unset: DATABASE_URL. The service itself always acts as the invoice_service role, which row-level security applies to.',
    secret: true,
    example: 'postgres://postgres:postgres@127.0.0.1:5432/invoice',
  })
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  dbMigrationUrl?: string;

  @Setting({ env: 'DB_MIGRATIONS_RUN', description: 'Apply pending migrations at boot (with DB_MIGRATION_URL).' })
  @IsBoolean()
  dbMigrationsRun: boolean = true;

  @Setting({ env: 'DB_POOL_SIZE', description: 'Maximum connections in the pool to PostgreSQL.' })
  @IsInt()
  @Min(1)
  @Max(200)
  dbPoolSize: number = 10;

  @Setting({
    env: 'PGLITE_DATA_DIR',
    description: 'Directory of the embedded database (used when DATABASE_URL is unset); "memory://" keeps it in memory.',
  })
  @IsString()
  pgliteDataDir: string = './data/pglite';

  @Setting({ env: 'PGLITE_PORT', description: 'Loopback port of the embedded database socket (0 picks a free port).' })
  @IsInt()
  @Min(0)
  @Max(65535)
  pglitePort: number = 0;

  @Setting({
    env: 'PGLITE_MAX_CONNECTIONS',
    description: 'Connections the embedded database socket accepts (the service itself uses one; PGlite runs one session).',
  })
  @IsInt()
  @Min(1)
  @Max(16)
  pgliteMaxConnections: number = 4;

  @Setting({ env: 'LOG_LEVEL', description: `Log level: ${LOG_LEVELS.join(', ')}.`, dynamic: true })
  @IsIn(LOG_LEVELS)
  logLevel: LogLevel = 'info';

  @Setting({ env: 'BODY_LIMIT_BYTES', description: 'Largest request body accepted, in bytes; larger bodies get 413.' })
  @IsInt()
  @Min(1024)
  bodyLimitBytes: number = 5 * 1024 * 1024;

  @Setting({
    env: 'SHUTDOWN_TIMEOUT_MS',
    description: 'On SIGTERM, how long in-flight requests may drain before the process gives up and exits 1.',
    dynamic: true,
  })
  @IsInt()
  @Min(100)
  @Max(60000)
  shutdownTimeoutMs: number = 8000;

  @Setting({
    env: 'WEB_CONCURRENCY',
    description: 'Service processes: 1 serves in this process; N > 1 forks N workers (node:cluster) sharing the port, e.g. one per core.',
  })
  @IsInt()
  @Min(1)
  @Max(64)
  webConcurrency: number = 1;

  @Setting({
    env: 'V8_ALLOCATION_SITE_PRETENURING',
    description:
      "V8's allocation-site pretenuring: once most objects of an allocation site survived a minor GC, the site allocates straight in the old generation. Off by default: on the invoice path it put short-lived objects there, whose young children then outlived their requests (docs/performance.md, session 13).",
  })
  @IsBoolean()
  v8AllocationSitePretenuring: boolean = false;

  @Setting({ env: 'DOCS_ENABLED', description: 'Serve the OpenAPI UI at /docs and the document at /docs-json.' })
  @IsBoolean()
  docsEnabled: boolean = true;

  @Setting({ env: 'TRUST_PROXY', description: 'Trust X-Forwarded-* headers (set when behind a reverse proxy).' })
  @IsBoolean()
  trustProxy: boolean = false;
}
