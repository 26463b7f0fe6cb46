import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The canonical invoice is stored once per run (issue 17). A feed entry written by its run's
 * finishing statement no longer holds the invoice in its payload: it is the run's parse result,
 * which the same statement stores in `invoice_runs.stage_results`, and the feed reads it from
 * there (`run_parsed_invoice`) when it serves the entry. The payload a reader gets is unchanged.
 * Before, the finish wrote the ~5 KB invoice twice as jsonb (stage results and feed payload): on
 * the benchmark's invoice one JSON text, one `jsonb_in` and one compressed TOAST value of 5.5 KB
 * less per run.
 *
 * `run_parsed_invoice(run_id)`: the invoice of the run's parse result, or NULL (no such run, none
 * visible to the caller's tenant, no parse result). SECURITY INVOKER: row-level security applies
 * as to any read of the tenant's runs. Entries written before keep their payload with its invoice
 * (the feed serves those as they are). `down` puts the invoice back into the payloads without one.
 */
export class FeedInvoiceFromRun1795400000183 implements MigrationInterface {
  name = 'FeedInvoiceFromRun1795400000183';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION run_parsed_invoice(p_run_id uuid) RETURNS jsonb
        LANGUAGE sql STABLE PARALLEL SAFE
        AS $$
          SELECT jsonb_path_query_first(stage_results, '$[*] ? (@.stage_id == "parse").output.invoice')
            FROM invoice_runs WHERE run_id = p_run_id
        $$`);
    await q.query(`COMMENT ON FUNCTION run_parsed_invoice(uuid) IS 'The canonical invoice of a run''s parse result (stage_results), which feed entries written by the run''s finish do not repeat in their payload.'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE export_feed_entries e
         SET payload = e.payload || jsonb_build_object('invoice', i.invoice)
        FROM (SELECT run_id, jsonb_path_query_first(stage_results, '$[*] ? (@.stage_id == "parse").output.invoice') AS invoice FROM invoice_runs) i
       WHERE i.run_id = e.run_id AND NOT e.payload ? 'invoice' AND i.invoice IS NOT NULL`);
    await q.query(`DROP FUNCTION run_parsed_invoice(uuid)`);
  }
}
