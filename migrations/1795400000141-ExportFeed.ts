import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The export feed (issue 20): processed invoices that downstream systems pull with a cursor, so
 * an install exports with no endpoint of its own. One entry per run, written by the `feed` module
 * of the export stage in the run's transaction-free stage call (at least once; a retried run's
 * second write is ignored).
 *
 * Order is the writing transaction's id, then a sequence: a reader sees only entries of
 * transactions older than every transaction still running (`txid < pg_snapshot_xmin`), so an entry
 * that commits later can never land behind a cursor already handed out (a plain sequence would
 * let a slow transaction's lower number appear after a reader has moved past it).
 */
export class ExportFeed1795400000141 implements MigrationInterface {
  name = 'ExportFeed1795400000141';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE export_feed_entries (
        entry_id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        invoice_id uuid NOT NULL,
        run_id uuid NOT NULL,
        txid bigint NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT export_feed_entries_pk PRIMARY KEY (entry_id),
        CONSTRAINT export_feed_entries_one_per_run UNIQUE (run_id),
        CONSTRAINT export_feed_entries_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
        CONSTRAINT export_feed_entries_invoice_fk FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id) ON DELETE CASCADE,
        CONSTRAINT export_feed_entries_run_fk FOREIGN KEY (tenant_id, run_id) REFERENCES invoice_runs (tenant_id, run_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX export_feed_entries_position_idx ON export_feed_entries (tenant_id, txid, seq)`);
    await q.query(`CREATE INDEX export_feed_entries_invoice_idx ON export_feed_entries (tenant_id, invoice_id)`);
    await q.query(`ALTER TABLE export_feed_entries ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY export_feed_entries_tenant_isolation ON export_feed_entries
        USING (tenant_id = app_current_tenant())
        WITH CHECK (tenant_id = app_current_tenant())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE export_feed_entries`);
  }
}
