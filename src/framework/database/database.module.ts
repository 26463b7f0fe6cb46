import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config';
import { LifecycleError } from '../errors';
import { LifecycleParticipant, Startable, Stoppable } from '../lifecycle';
import { dataSourceOptions, describeDatabaseUrl, MIGRATIONS_GLOB } from './data-source-options';
import { EmbeddedPostgres } from './embedded-postgres';
import { NotificationListener } from './notification-listener';
import { assertServiceRole, onServiceConnect } from './service-role';
import { TenantDatabase } from './tenant-database';
import { TypeOrmPinoLogger } from './typeorm-logger';

const logger = new Logger('Database');

/** Resolves the connection URL: DATABASE_URL when set, otherwise the embedded PGlite server. */
export async function resolveDatabaseUrl(config: AppConfig, embedded: EmbeddedPostgres): Promise<string> {
  if (config.databaseUrl) {
    logger.log(`database: PostgreSQL at ${describeDatabaseUrl(config.databaseUrl)} (DATABASE_URL)`);
    return config.databaseUrl;
  }
  const url = await embedded.start({
    dataDir: config.pgliteDataDir,
    port: config.pglitePort,
    maxConnections: config.pgliteMaxConnections,
  });
  logger.log(
    `database: embedded PGlite, data in ${config.pgliteDataDir}, served on ${describeDatabaseUrl(url)} ` +
      `(DATABASE_URL unset; one pooled connection)`,
  );
  return url;
}

/**
 * Checks the schema at boot and closes the pool before the embedded server at shutdown, so no
 * connection is cut mid-query. A lifecycle participant: started first (its module is the deepest
 * dependency), stopped last, and stopped on rollback when a later module fails to start.
 */
@Injectable()
@LifecycleParticipant({ name: 'database', dependsOn: [] })
class DatabaseLifecycle implements Startable, Stoppable {
  constructor(
    private readonly dataSource: DataSource,
    private readonly embedded: EmbeddedPostgres,
    private readonly config: AppConfig,
    private readonly notifications: NotificationListener,
  ) {}

  /** A build without its migrations would run on an empty schema and fail on every request. */
  async start(): Promise<void> {
    if (this.dataSource.migrations.length === 0) {
      throw new LifecycleError(`no migrations found at ${MIGRATIONS_GLOB}; is the build complete?`, 'database');
    }
    await assertServiceRole(this.dataSource);
    if (!this.config.dbMigrationsRun && (await this.dataSource.showMigrations())) {
      logger.warn('pending migrations are not applied (DB_MIGRATIONS_RUN=false): run npm run migration:run');
    }
  }

  async stop(): Promise<void> {
    // Its subscribers stopped before (they depend on the database); this is the safety net.
    await this.notifications.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (this.embedded.running) {
      await this.embedded.stop();
      logger.log('embedded database closed');
    }
  }
}

@Module({ providers: [EmbeddedPostgres], exports: [EmbeddedPostgres] })
class EmbeddedPostgresModule {}

/** Applies pending migrations with a short-lived connection of the schema owner. */
async function runMigrations(url: string): Promise<void> {
  const owner = new DataSource({ ...dataSourceOptions({ url, poolSize: 1, migrationsRun: false, applicationName: 'invoice-service-migrations' }), logger: new TypeOrmPinoLogger() });
  await owner.initialize();
  try {
    const applied = await owner.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
  } finally {
    await owner.destroy();
  }
}

@Global()
@Module({
  imports: [
    EmbeddedPostgresModule,
    TypeOrmModule.forRootAsync({
      imports: [EmbeddedPostgresModule],
      inject: [AppConfig, EmbeddedPostgres],
      useFactory: async (config: AppConfig, embedded: EmbeddedPostgres) => {
        const url = await resolveDatabaseUrl(config, embedded);
        // Migrations run as the schema owner on a connection of their own; the service's pool
        // then acts as the service role, which row-level security applies to.
        if (config.dbMigrationsRun) await runMigrations(config.dbMigrationUrl ?? url);
        // PGlite runs one session: its socket multiplexer interleaves the extended-protocol messages
        // of concurrent connections ("unnamed prepared statement does not exist"), so the embedded
        // database gets exactly one pooled connection and queries queue in the pool instead.
        const poolSize = config.databaseUrl ? config.dbPoolSize : 1;
        const options = dataSourceOptions({ url, poolSize, migrationsRun: false });
        return {
          ...options,
          extra: { ...options.extra, onConnect: onServiceConnect },
          entities: [],
          autoLoadEntities: true,
          logger: new TypeOrmPinoLogger(),
          // Boot fails fast on an unreachable database instead of retrying for minutes.
          retryAttempts: 0,
        };
      },
    }),
  ],
  providers: [DatabaseLifecycle, TenantDatabase, NotificationListener],
  exports: [TenantDatabase, NotificationListener],
})
export class DatabaseModule {}
