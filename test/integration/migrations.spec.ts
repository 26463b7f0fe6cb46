import { DataSource } from 'typeorm';
import { migratedDataSource } from '../support/migrated-data-source';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('migrations', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await migratedDataSource(db.url);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('leave the schema exactly as the entities describe it (nothing left to generate)', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('put tenant_id on every business table', async () => {
    const tables: Array<{ table_name: string }> = await dataSource.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('migrations')`,
    );
    expect(tables.length).toBeGreaterThan(0);
    for (const { table_name } of tables) {
      const columns: unknown[] = await dataSource.query(
        `SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name = 'tenant_id'`,
        [table_name],
      );
      expect({ table: table_name, hasTenantId: columns.length === 1 }).toEqual({ table: table_name, hasTenantId: true });
    }
  });

  it('revert completely and apply again', async () => {
    const count = (await dataSource.query(`SELECT count(*)::int AS n FROM migrations`))[0].n as number;
    for (let i = 0; i < count; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const left: unknown[] = await dataSource.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('invoices', 'tenants')`,
    );
    expect(left).toHaveLength(0);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(count);
  });
});
