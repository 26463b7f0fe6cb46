import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/framework/database';
import { serverUrl } from './test-database';

/** A DataSource on the test database with every migration applied, as the app would have it. */
export async function migratedDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource({ ...dataSourceOptions({ url, poolSize: serverUrl() ? 2 : 1, migrationsRun: false }), logging: false });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
