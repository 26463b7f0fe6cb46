import { useMigratedDatabase } from '../../../support/migrated-data-source';

describe('migrations', () => {
  // From an empty database, not the run's template: these tests are about migrating one.
  const database = useMigratedDatabase({ empty: true });

  it('leave the schema exactly as the entities describe it (nothing left to generate)', async () => {
    const pending = await database.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('put tenant_id on every business table; platform tables say so in their comment', async () => {
    const tables: Array<{ table_name: string; comment: string | null }> = await database.dataSource.query(
      `SELECT table_name, obj_description(format('public.%I', table_name)::regclass, 'pg_class') AS comment
         FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('migrations')`,
    );
    expect(tables.length).toBeGreaterThan(0);
    for (const { table_name, comment } of tables) {
      const columns: unknown[] = await database.dataSource.query(
        `SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name = 'tenant_id'`,
        [table_name],
      );
      const tenantOwned = columns.length === 1;
      const platform = comment?.startsWith('platform:') ?? false;
      expect({ table: table_name, tenantOwnedOrPlatform: tenantOwned || platform }).toEqual({ table: table_name, tenantOwnedOrPlatform: true });
    }
  });

  it('TOAST the hot path\'s large values with lz4 where the server has it (pglz otherwise)', async () => {
    const [{ lz4 }] = await database.dataSource.query<Array<{ lz4: boolean }>>(
      `SELECT 'lz4' = ANY (enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
    );
    const columns = await database.dataSource.query<Array<{ col: string; method: string }>>(
      `SELECT c.relname || '.' || a.attname AS col, a.attcompression AS method FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relnamespace = 'public'::regnamespace
          AND (c.relname, a.attname) IN (('invoices', 'document'), ('invoice_runs', 'stage_results'), ('outbox_messages', 'payload'), ('export_feed_entries', 'payload'))
        ORDER BY 1`,
    );
    const expected = lz4 ? 'l' : '';
    expect(columns).toEqual(['export_feed_entries.payload', 'invoice_runs.stage_results', 'invoices.document', 'outbox_messages.payload'].map((col) => ({ col, method: expected })));
  });

  it('revert completely and apply again', async () => {
    const count = (await database.dataSource.query(`SELECT count(*)::int AS n FROM migrations`))[0].n as number;
    for (let i = 0; i < count; i++) await database.dataSource.undoLastMigration({ transaction: 'each' });
    const left: unknown[] = await database.dataSource.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('invoices', 'tenants')`,
    );
    expect(left).toHaveLength(0);
    const applied = await database.dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(count);
  });
});
