import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CHECK constraints of the two rows every invoice writes twice (`invoices`: inserted by the
 * receipt, updated by the finish; `invoice_runs`: the same) become one CHECK per table, calling a
 * PL/pgSQL function that asks exactly what the separate constraints asked, in their order (by
 * name, as PostgreSQL evaluates them), and on a violation raises `check_violation` naming the
 * constraint it replaces (`invoices_status_valid`, `invoice_runs_finished_when_final`, …), so
 * callers and their error mapping see the same SQLSTATE, constraint and table as before. A NULL
 * result passes, as it does for a CHECK.
 *
 * Why: PostgreSQL 15 reads each CHECK's stored expression (`pg_constraint.conbin`, a node tree
 * in text form) and compiles it again for every statement that writes the table
 * (ExecRelCheck: `stringToNode` + `ExecPrepareExpr` once per result relation and query). The 14
 * constraints are 11.9 KB of node text (an `IN` list of eight statuses alone 1.9 KB); an invoice
 * writes each table twice, so every invoice read and compiled about 24 KB of expressions. A CPU
 * profile of the PostgreSQL backends under `npm run bench` (perf, 1 932 samples) put
 * `ExecConstraints` at 16% of their time, 7 points of it in the node reader. One FuncExpr per
 * table is a few hundred bytes; the function's own expressions are cached plans of the session.
 * Measured in isolation (a PL/pgSQL loop of the hot path's six row writes per invoice, 2 000
 * invoices, on databases migrated with and without this migration, alternating, five rounds):
 * 330-376 µs per invoice before (median 358), 277-308 after (median 288), lower in every round.
 *
 * `down` restores the separate constraints.
 */
export class RowChecksInOneFunction1795400000184 implements MigrationInterface {
  name = 'RowChecksInOneFunction1795400000184';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE invoices
        DROP CONSTRAINT invoices_content_type_valid,
        DROP CONSTRAINT invoices_currency_code,
        DROP CONSTRAINT invoices_document_not_empty,
        DROP CONSTRAINT invoices_sha256_hex,
        DROP CONSTRAINT invoices_size_matches_document,
        DROP CONSTRAINT invoices_status_valid`);
    await q.query(`
      CREATE FUNCTION invoices_row_valid(status text, content_type text, document_length integer, size_bytes integer, document_sha256 text, currency text)
        RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
        AS $$
        DECLARE
          violated text;
        BEGIN
          IF NOT coalesce(content_type IN ('application/xml', 'application/pdf', 'application/json'), true) THEN violated := 'invoices_content_type_valid';
          ELSIF NOT coalesce(currency ~ '^[A-Z]{3}$', true) THEN violated := 'invoices_currency_code';
          ELSIF NOT coalesce(document_length > 0, true) THEN violated := 'invoices_document_not_empty';
          ELSIF NOT coalesce(document_sha256 ~ '^[0-9a-f]{64}$', true) THEN violated := 'invoices_sha256_hex';
          ELSIF NOT coalesce(size_bytes = document_length, true) THEN violated := 'invoices_size_matches_document';
          ELSIF NOT coalesce(status IN ('received', 'processing', 'completed', 'completed_with_warnings', 'failed', 'duplicate', 'awaiting_approval', 'rejected'), true) THEN violated := 'invoices_status_valid';
          ELSE
            RETURN true;
          END IF;
          RAISE EXCEPTION 'new row for relation "invoices" violates check constraint "%"', violated
            USING ERRCODE = 'check_violation', CONSTRAINT = violated, TABLE = 'invoices', SCHEMA = 'public';
        END $$`);
    await q.query(
      `COMMENT ON FUNCTION invoices_row_valid(text, text, integer, integer, text, text) IS 'The CHECKs of an invoices row (one CHECK calls it); a violation names the constraint it replaced (migration 1795400000184).'`,
    );
    await q.query(
      `ALTER TABLE invoices ADD CONSTRAINT invoices_row_valid CHECK (invoices_row_valid(status, content_type, octet_length(document), size_bytes, document_sha256, currency))`,
    );

    await q.query(`
      ALTER TABLE invoice_runs
        DROP CONSTRAINT invoice_runs_correlation_id_valid,
        DROP CONSTRAINT invoice_runs_finished_when_final,
        DROP CONSTRAINT invoice_runs_requested_by_valid,
        DROP CONSTRAINT invoice_runs_resumes_only_on_approval,
        DROP CONSTRAINT invoice_runs_running_is_claimed,
        DROP CONSTRAINT invoice_runs_stage_results_valid,
        DROP CONSTRAINT invoice_runs_status_valid,
        DROP CONSTRAINT invoice_runs_trigger_valid`);
    await q.query(`
      CREATE FUNCTION invoice_runs_row_valid(status text, trigger text, correlation_id text, requested_by text, finished boolean, resumes boolean, claimed boolean, stage_results jsonb)
        RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
        AS $$
        DECLARE
          violated text;
        BEGIN
          IF NOT coalesce(correlation_id ~ '^[A-Za-z0-9._:-]{1,128}$', true) THEN violated := 'invoice_runs_correlation_id_valid';
          ELSIF NOT coalesce((status IN ('queued', 'running')) = (NOT finished), true) THEN violated := 'invoice_runs_finished_when_final';
          ELSIF NOT coalesce(char_length(requested_by) BETWEEN 1 AND 300, true) THEN violated := 'invoice_runs_requested_by_valid';
          ELSIF NOT coalesce((trigger = 'approval') = resumes, true) THEN violated := 'invoice_runs_resumes_only_on_approval';
          ELSIF NOT coalesce(status <> 'running' OR claimed, true) THEN violated := 'invoice_runs_running_is_claimed';
          ELSIF NOT coalesce(stage_results_valid(stage_results), true) THEN violated := 'invoice_runs_stage_results_valid';
          ELSIF NOT coalesce(status IN ('queued', 'running', 'completed', 'completed_with_warnings', 'failed', 'duplicate', 'awaiting_approval', 'rejected'), true) THEN violated := 'invoice_runs_status_valid';
          ELSIF NOT coalesce(trigger IN ('submit', 'reprocess', 'approval'), true) THEN violated := 'invoice_runs_trigger_valid';
          ELSE
            RETURN true;
          END IF;
          RAISE EXCEPTION 'new row for relation "invoice_runs" violates check constraint "%"', violated
            USING ERRCODE = 'check_violation', CONSTRAINT = violated, TABLE = 'invoice_runs', SCHEMA = 'public';
        END $$`);
    await q.query(
      `COMMENT ON FUNCTION invoice_runs_row_valid(text, text, text, text, boolean, boolean, boolean, jsonb) IS 'The CHECKs of an invoice_runs row (one CHECK calls it); a violation names the constraint it replaced (migration 1795400000184).'`,
    );
    await q.query(
      `ALTER TABLE invoice_runs ADD CONSTRAINT invoice_runs_row_valid CHECK (invoice_runs_row_valid(status, trigger, correlation_id, requested_by, finished_at IS NOT NULL, resumes_run_id IS NOT NULL, claim_token IS NOT NULL AND lease_until IS NOT NULL, stage_results))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoice_runs DROP CONSTRAINT invoice_runs_row_valid`);
    await q.query(`DROP FUNCTION invoice_runs_row_valid(text, text, text, text, boolean, boolean, boolean, jsonb)`);
    await q.query(`
      ALTER TABLE invoice_runs
        ADD CONSTRAINT invoice_runs_correlation_id_valid CHECK (correlation_id ~ '^[A-Za-z0-9._:-]{1,128}$'),
        ADD CONSTRAINT invoice_runs_finished_when_final CHECK ((status IN ('queued', 'running')) = (finished_at IS NULL)),
        ADD CONSTRAINT invoice_runs_requested_by_valid CHECK (char_length(requested_by) BETWEEN 1 AND 300),
        ADD CONSTRAINT invoice_runs_resumes_only_on_approval CHECK ((trigger = 'approval') = (resumes_run_id IS NOT NULL)),
        ADD CONSTRAINT invoice_runs_running_is_claimed CHECK (status <> 'running' OR (claim_token IS NOT NULL AND lease_until IS NOT NULL)),
        ADD CONSTRAINT invoice_runs_stage_results_valid CHECK (stage_results_valid(stage_results)),
        ADD CONSTRAINT invoice_runs_status_valid CHECK (status IN ('queued', 'running', 'completed', 'completed_with_warnings', 'failed', 'duplicate', 'awaiting_approval', 'rejected')),
        ADD CONSTRAINT invoice_runs_trigger_valid CHECK (trigger IN ('submit', 'reprocess', 'approval'))`);

    await q.query(`ALTER TABLE invoices DROP CONSTRAINT invoices_row_valid`);
    await q.query(`DROP FUNCTION invoices_row_valid(text, text, integer, integer, text, text)`);
    await q.query(`
      ALTER TABLE invoices
        ADD CONSTRAINT invoices_content_type_valid CHECK (content_type IN ('application/xml', 'application/pdf', 'application/json')),
        ADD CONSTRAINT invoices_currency_code CHECK (currency ~ '^[A-Z]{3}$'),
        ADD CONSTRAINT invoices_document_not_empty CHECK (octet_length(document) > 0),
        ADD CONSTRAINT invoices_sha256_hex CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
        ADD CONSTRAINT invoices_size_matches_document CHECK (size_bytes = octet_length(document)),
        ADD CONSTRAINT invoices_status_valid CHECK (status IN ('received', 'processing', 'completed', 'completed_with_warnings', 'failed', 'duplicate', 'awaiting_approval', 'rejected'))`);
  }
}
