import { ownerQuery, useMigratedDatabase } from '../../../support/migrated-data-source';
import { insertInvoice } from '../../../support/factories';

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

  it('move existing stage results into their run and back (1795400000180-StageResultsPerRun)', async () => {
    const { dataSource } = database;
    const applied = async () => (await ownerQuery(dataSource, `SELECT 1 FROM migrations WHERE name = 'StageResultsPerRun1795400000180'`)).length > 0;
    const undoStageResultsPerRun = async () => {
      while (await applied()) await dataSource.undoLastMigration({ transaction: 'each' });
    };
    await undoStageResultsPerRun();
    const invoiceId = await insertInvoice(dataSource);
    const [{ run_id: runId }] = await ownerQuery(
      dataSource,
      `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, status, finished_at) VALUES ('default', $1, 1, 'completed', now()) RETURNING run_id`,
      [invoiceId],
    );
    // Written out of stage order; the second with a fallback, findings and no output.
    await ownerQuery(
      dataSource,
      `INSERT INTO invoice_stage_results (tenant_id, run_id, stage_id, position, module_id, outcome, fallback_used, fallback_reason, attempts, duration_ms, warnings, errors, degraded, output)
       VALUES ('default', $1, 'validate', 2, 'en16931', 'fallback', true, 'timeout', 2, 2.25, '["w"]', '["e"]', true, NULL),
              ('default', $1, 'parse', 1, 'einvoice-xml', 'ok', false, NULL, 1, 1.5, '[]', '[]', false, '{"invoice": {"number": "N-1"}}')`,
      [runId],
    );
    const parse = { stage_id: 'parse', position: 1, module_id: 'einvoice-xml', outcome: 'ok', fallback_used: false, fallback_reason: null, attempts: 1, duration_ms: 1.5, warnings: [], errors: [], degraded: false, output: { invoice: { number: 'N-1' } } };
    const validate = { stage_id: 'validate', position: 2, module_id: 'en16931', outcome: 'fallback', fallback_used: true, fallback_reason: 'timeout', attempts: 2, duration_ms: 2.25, warnings: ['w'], errors: ['e'], degraded: true, output: null };

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await ownerQuery(dataSource, `SELECT stage_results FROM invoice_runs WHERE run_id = $1`, [runId])).toEqual([{ stage_results: [parse, validate] }]);

    await undoStageResultsPerRun();
    const rows = await ownerQuery(
      dataSource,
      `SELECT stage_id, position, module_id, outcome, fallback_used, fallback_reason, attempts, duration_ms, warnings, errors, degraded, output
         FROM invoice_stage_results WHERE run_id = $1 ORDER BY position`,
      [runId],
    );
    expect(rows).toEqual([parse, validate]);
    await dataSource.runMigrations({ transaction: 'each' });
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
