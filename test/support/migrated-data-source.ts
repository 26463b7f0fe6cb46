import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/framework/database';

/** A DataSource on the test database with every migration applied, as the app would have it. */
export async function migratedDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource({ ...dataSourceOptions({ url, poolSize: 2, migrationsRun: false }), logging: false });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
