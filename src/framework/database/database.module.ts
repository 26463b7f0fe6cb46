import { Injectable, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config';
import { LifecycleError } from '../errors';
import { LifecycleParticipant, Startable, Stoppable } from '../lifecycle';
import { dataSourceOptions, describeDatabaseUrl, MIGRATIONS_GLOB } from './data-source-options';
import { EmbeddedPostgres } from './embedded-postgres';
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
@LifecycleParticipant({ name: 'database' })
class DatabaseLifecycle implements Startable, Stoppable {
  constructor(
    private readonly dataSource: DataSource,
    private readonly embedded: EmbeddedPostgres,
    private readonly config: AppConfig,
  ) {}

  /** A build without its migrations would run on an empty schema and fail on every request. */
  async start(): Promise<void> {
    if (this.dataSource.migrations.length === 0) {
      throw new LifecycleError(`no migrations found at ${MIGRATIONS_GLOB}; is the build complete?`, 'database');
    }
    if (!this.config.dbMigrationsRun && (await this.dataSource.showMigrations())) {
      logger.warn('pending migrations are not applied (DB_MIGRATIONS_RUN=false): run npm run migration:run');
    }
  }

  async stop(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (this.embedded.running) {
      await this.embedded.stop();
      logger.log('embedded database closed');
    }
  }
}

@Module({ providers: [EmbeddedPostgres], exports: [EmbeddedPostgres] })
class EmbeddedPostgresModule {}

@Module({
  imports: [
    EmbeddedPostgresModule,
    TypeOrmModule.forRootAsync({
      imports: [EmbeddedPostgresModule],
      inject: [AppConfig, EmbeddedPostgres],
      useFactory: async (config: AppConfig, embedded: EmbeddedPostgres) => {
        const url = await resolveDatabaseUrl(config, embedded);
        // PGlite runs one session: its socket multiplexer interleaves the extended-protocol messages
        // of concurrent connections ("unnamed prepared statement does not exist"), so the embedded
        // database gets exactly one pooled connection and queries queue in the pool instead.
        const poolSize = config.databaseUrl ? config.dbPoolSize : 1;
        return {
          ...dataSourceOptions({ url, poolSize, migrationsRun: config.dbMigrationsRun }),
          entities: [],
          autoLoadEntities: true,
          logger: new TypeOrmPinoLogger(),
          // Boot fails fast on an unreachable database instead of retrying for minutes.
          retryAttempts: 0,
        };
      },
    }),
  ],
  providers: [DatabaseLifecycle],
})
export class DatabaseModule {}
