import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two row checks of the invoice path (`invoices_row_valid`, `invoice_runs_row_valid`,
 * migration 1795400000184) ask their format rules without a counted repetition in a regular
 * expression: the length by `char_length`, the characters by a negated class that must not match
 * (`x !~ '[^0-9a-f]'`). They accept and refuse exactly what `^[0-9a-f]{64}$` and
 * `^[A-Za-z0-9._:-]{1,128}$` accepted and refused (PostgreSQL's `^` and `$` match only at the
 * ends of the string, a negated class matches a newline, a NULL still passes), and a violation
 * names the same constraint.
 *
 * Why: PostgreSQL's regular expression engine builds the states of its automaton anew on every
 * match, and a counted repetition is expanded into one copy of its atom per count: on this VM
 * `^[A-Za-z0-9._:-]{1,128}$` cost 20 µs per match of a 36-character correlation id and
 * `^[0-9a-f]{64}$` 5.9 µs per digest, the negated-class forms 0.35 and 0.4 µs (200 000 rows each).
 * Every invoice matches each twice (its row and its run's row, inserted by the receipt, updated by
 * the finish): about 52 µs of PostgreSQL's CPU per invoice, 7% of its backends' samples under
 * `npm run bench` (perf, `pg_regexec`). The currency's `^[A-Z]{3}$` costs 0.2 µs and stays.
 *
 * `down` restores the regular expressions.
 */
export class RowChecksWithoutCountedRegex1795400000185 implements MigrationInterface {
  name = 'RowChecksWithoutCountedRegex1795400000185';

  async up(q: QueryRunner): Promise<void> {
    await q.query(invoicesRowValid(`char_length(document_sha256) = 64 AND document_sha256 !~ '[^0-9a-f]'`));
    await q.query(invoiceRunsRowValid(`char_length(correlation_id) BETWEEN 1 AND 128 AND correlation_id !~ '[^A-Za-z0-9._:-]'`));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(invoicesRowValid(`document_sha256 ~ '^[0-9a-f]{64}$'`));
    await q.query(invoiceRunsRowValid(`correlation_id ~ '^[A-Za-z0-9._:-]{1,128}$'`));
  }
}

/** invoices_row_valid as migration 1795400000184 made it, with `sha256` as the digest's rule. */
function invoicesRowValid(sha256: string): string {
  return `
      CREATE OR REPLACE FUNCTION invoices_row_valid(status text, content_type text, document_length integer, size_bytes integer, document_sha256 text, currency text)
        RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
        AS $$
        DECLARE
          violated text;
        BEGIN
          IF NOT coalesce(content_type IN ('application/xml', 'application/pdf', 'application/json'), true) THEN violated := 'invoices_content_type_valid';
          ELSIF NOT coalesce(currency ~ '^[A-Z]{3}$', true) THEN violated := 'invoices_currency_code';
          ELSIF NOT coalesce(document_length > 0, true) THEN violated := 'invoices_document_not_empty';
          ELSIF NOT coalesce(${sha256}, true) THEN violated := 'invoices_sha256_hex';
          ELSIF NOT coalesce(size_bytes = document_length, true) THEN violated := 'invoices_size_matches_document';
          ELSIF NOT coalesce(status IN ('received', 'processing', 'completed', 'completed_with_warnings', 'failed', 'duplicate', 'awaiting_approval', 'rejected'), true) THEN violated := 'invoices_status_valid';
          ELSE
            RETURN true;
          END IF;
          RAISE EXCEPTION 'new row for relation "invoices" violates check constraint "%"', violated
            USING ERRCODE = 'check_violation', CONSTRAINT = violated, TABLE = 'invoices', SCHEMA = 'public';
        END $$`;
}

/** invoice_runs_row_valid as migration 1795400000184 made it, with `correlationId` as the correlation id's rule. */
function invoiceRunsRowValid(correlationId: string): string {
  return `
      CREATE OR REPLACE FUNCTION invoice_runs_row_valid(status text, trigger text, correlation_id text, requested_by text, finished boolean, resumes boolean, claimed boolean, stage_results jsonb)
        RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
        AS $$
        DECLARE
          violated text;
        BEGIN
          IF NOT coalesce(${correlationId}, true) THEN violated := 'invoice_runs_correlation_id_valid';
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
        END $$`;
}
