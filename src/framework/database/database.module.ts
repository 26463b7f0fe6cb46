import { Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config';
import { dataSourceOptions, describeDatabaseUrl } from './data-source-options';
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
      `(DATABASE_URL unset; ${config.pgliteMaxConnections} connections)`,
  );
  return url;
}

/** Closes the pool before the embedded server, so no connection is cut mid-query. */
@Injectable()
class DatabaseShutdown implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    private readonly embedded: EmbeddedPostgres,
  ) {}

  async onApplicationShutdown(): Promise<void> {
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
        const poolSize = config.databaseUrl ? config.dbPoolSize : Math.min(config.dbPoolSize, config.pgliteMaxConnections);
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
  providers: [DatabaseShutdown],
})
export class DatabaseModule {}
