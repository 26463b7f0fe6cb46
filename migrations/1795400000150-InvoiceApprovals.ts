import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the service's connections act as (DatabaseModule sets it on every pooled connection). */
const SERVICE_ROLE = 'invoice_service';

const OLD_STATUSES = `'received', 'processing', 'completed', 'completed_with_warnings', 'failed', 'duplicate'`;
const NEW_STATUSES = `${OLD_STATUSES}, 'awaiting_approval', 'rejected'`;
const OLD_RUN_STATUSES = `'queued', 'running', 'completed', 'completed_with_warnings', 'failed', 'duplicate'`;
const NEW_RUN_STATUSES = `${OLD_RUN_STATUSES}, 'awaiting_approval', 'rejected'`;
const OLD_ROLES = `'admin', 'maintainer', 'operator', 'submitter', 'auditor'`;
const NEW_ROLES = `${OLD_ROLES}, 'approver'`;

/** claim_invoice_run as RunCorrelationId left it; `extra` adds result columns. */
const claimFunction = (extraColumns: string, extraSelect: string, extraReturning: string) => `
  CREATE FUNCTION claim_invoice_run(p_claim_token uuid, p_lease_ms integer)
    RETURNS TABLE (run_id uuid, invoice_id uuid, tenant_id text, attempts integer, document bytea, content_type text, correlation_id text${extraColumns})
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
      WITH next AS (
        SELECT r.run_id FROM invoice_runs r
         WHERE r.status = 'queued' OR (r.status = 'running' AND r.lease_until < now())
         ORDER BY r.created_at
         LIMIT 1
         FOR UPDATE SKIP LOCKED),
      claimed AS (
        UPDATE invoice_runs r
           SET status = 'running', claim_token = p_claim_token, lease_until = now() + p_lease_ms * interval '1 millisecond',
               attempts = r.attempts + 1, started_at = coalesce(r.started_at, now())
          FROM next
         WHERE r.run_id = next.run_id
        RETURNING r.run_id, r.invoice_id, r.tenant_id, r.attempts, r.correlation_id${extraReturning}),
      marked AS (
        UPDATE invoices i SET status = 'processing', updated_at = now()
          FROM claimed WHERE i.id = claimed.invoice_id
        RETURNING i.id, i.document, i.content_type)
      SELECT c.run_id, c.invoice_id, c.tenant_id, c.attempts, m.document, m.content_type, c.correlation_id${extraSelect}
        FROM claimed c JOIN marked m ON m.id = c.invoice_id
    $$`;

/**
 * Review and approval (issue 20). A run whose approval stage decides `needs_approval` stops there
 * (`awaiting_approval`: the later stages, export among them, do not run); an automatic rejection
 * stops it as `rejected`. People give their verdicts in `invoice_approvals` (one per approver and
 * paused run, never changed afterwards); the last approval needed queues a run with trigger
 * `approval` that resumes the paused one (`resumes_run_id`, at most one per paused run) and runs
 * the stages after approval. The invoice row gains its total and currency (filled from the
 * parse stage like its number) for the review queue's filters and the second-approval threshold.
 */
export class InvoiceApprovals1795400000150 implements MigrationInterface {
  name = 'InvoiceApprovals1795400000150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices DROP CONSTRAINT invoices_status_valid`);
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_status_valid CHECK (status IN (${NEW_STATUSES}))`);
    await q.query(`ALTER TABLE invoices ADD total_amount numeric, ADD currency text`);
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_currency_code CHECK (currency ~ '^[A-Z]{3}$')`);
    // The review queue: a tenant's invoices awaiting approval, newest first.
    await q.query(`CREATE INDEX invoices_review_queue_idx ON invoices (tenant_id, received_at DESC, id) WHERE status = 'awaiting_approval'`);
    // What earlier runs already extracted (the latest finished run's parse output).
    await q.query(`
      UPDATE invoices i
         SET total_amount = CASE WHEN t.amount ~ '^-?[0-9]{1,20}(\\.[0-9]{1,10})?$' THEN t.amount::numeric END,
             currency = CASE WHEN t.code ~ '^[A-Z]{3}$' THEN t.code END
        FROM (SELECT DISTINCT ON (r.invoice_id) r.invoice_id,
                     coalesce(s.output #>> '{invoice,totals,payable}', s.output #>> '{invoice,totals,tax_inclusive}') AS amount,
                     s.output #>> '{invoice,currency}' AS code
                FROM invoice_runs r JOIN invoice_stage_results s ON s.run_id = r.run_id AND s.stage_id = 'parse'
               WHERE r.finished_at IS NOT NULL
               ORDER BY r.invoice_id, r.run_number DESC) t
       WHERE t.invoice_id = i.id`);

    await q.query(`ALTER TABLE invoice_runs DROP CONSTRAINT invoice_runs_status_valid`);
    await q.query(`ALTER TABLE invoice_runs ADD CONSTRAINT invoice_runs_status_valid CHECK (status IN (${NEW_RUN_STATUSES}))`);
    await q.query(`ALTER TABLE invoice_runs DROP CONSTRAINT invoice_runs_trigger_valid`);
    await q.query(`ALTER TABLE invoice_runs ADD CONSTRAINT invoice_runs_trigger_valid CHECK (trigger IN ('submit', 'reprocess', 'approval'))`);
    await q.query(`ALTER TABLE invoice_runs ADD resumes_run_id uuid`);
    await q.query(`ALTER TABLE invoice_runs ADD CONSTRAINT invoice_runs_resumes_only_on_approval CHECK ((trigger = 'approval') = (resumes_run_id IS NOT NULL))`);
    await q.query(`ALTER TABLE invoice_runs ADD CONSTRAINT invoice_runs_resumes_run_fk FOREIGN KEY (tenant_id, resumes_run_id) REFERENCES invoice_runs (tenant_id, run_id) ON DELETE CASCADE`);
    // A paused run is resumed at most once: an approved invoice is exported once.
    await q.query(`CREATE UNIQUE INDEX invoice_runs_resumed_once ON invoice_runs (resumes_run_id) WHERE resumes_run_id IS NOT NULL`);
    await this.replaceClaim(q, claimFunction(', resumes_run_id uuid', ', c.resumes_run_id', ', r.resumes_run_id'));

    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_roles_valid`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_roles_valid CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[${NEW_ROLES}]::text[])`);

    await q.query(`
      CREATE TABLE invoice_approvals (
        approval_id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        invoice_id uuid NOT NULL,
        run_id uuid NOT NULL,
        approver text NOT NULL,
        verdict text NOT NULL,
        reason text,
        comment text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT invoice_approvals_pk PRIMARY KEY (approval_id),
        CONSTRAINT invoice_approvals_one_verdict_per_approver UNIQUE (run_id, approver),
        CONSTRAINT invoice_approvals_verdict_valid CHECK (verdict IN ('approve', 'reject')),
        CONSTRAINT invoice_approvals_approver_valid CHECK (char_length(approver) BETWEEN 1 AND 300),
        CONSTRAINT invoice_approvals_reason_valid CHECK (char_length(reason) BETWEEN 1 AND 200),
        CONSTRAINT invoice_approvals_comment_valid CHECK (char_length(comment) <= 2000),
        CONSTRAINT invoice_approvals_reject_has_reason CHECK (verdict <> 'reject' OR reason IS NOT NULL),
        CONSTRAINT invoice_approvals_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
        CONSTRAINT invoice_approvals_invoice_fk FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id) ON DELETE CASCADE,
        CONSTRAINT invoice_approvals_run_fk FOREIGN KEY (tenant_id, run_id) REFERENCES invoice_runs (tenant_id, run_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX invoice_approvals_invoice_idx ON invoice_approvals (tenant_id, invoice_id, created_at)`);
    // A verdict is given on a run that stopped for approval, of the invoice it belongs to, and is never changed.
    await q.query(`
      CREATE FUNCTION invoice_approvals_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          RAISE EXCEPTION 'a verdict on an invoice is never changed' USING ERRCODE = 'check_violation', CONSTRAINT = 'invoice_approvals_immutable';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM public.invoice_runs r
                        WHERE r.run_id = NEW.run_id AND r.invoice_id = NEW.invoice_id AND r.status = 'awaiting_approval') THEN
          RAISE EXCEPTION 'run % of invoice % is not awaiting approval', NEW.run_id, NEW.invoice_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'invoice_approvals_on_paused_run';
        END IF;
        RETURN NEW;
      END
      $$`);
    await q.query(`CREATE TRIGGER invoice_approvals_check BEFORE INSERT OR UPDATE ON invoice_approvals FOR EACH ROW EXECUTE FUNCTION invoice_approvals_check()`);
    await q.query(`ALTER TABLE invoice_approvals ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY invoice_approvals_tenant_isolation ON invoice_approvals
        USING (tenant_id = app_current_tenant())
        WITH CHECK (tenant_id = app_current_tenant())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE invoice_approvals`);
    await q.query(`DROP FUNCTION invoice_approvals_check()`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_roles_valid`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_roles_valid CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[${OLD_ROLES}]::text[])`);
    await this.replaceClaim(q, claimFunction('', '', ''));
    await q.query(`DELETE FROM invoice_runs WHERE trigger = 'approval'`);
    await q.query(`UPDATE invoice_runs SET status = 'completed' WHERE status IN ('awaiting_approval', 'rejected')`);
    await q.query(`UPDATE invoices SET status = 'completed' WHERE status IN ('awaiting_approval', 'rejected')`);
    await q.query(`DROP INDEX invoice_runs_resumed_once`);
    await q.query(`ALTER TABLE invoice_runs DROP CONSTRAINT invoice_runs_resumes_run_fk`);
    await q.query(`ALTER TABLE invoice_runs DROP CONSTRAINT invoice_runs_resumes_only_on_approval`);
    await q.query(`ALTER TABLE invoice_runs DROP COLUMN resumes_run_id`);
    await q.query(`ALTER TABLE invoice_runs DROP CONSTRAINT invoice_runs_trigger_valid`);
    await q.query(`ALTER TABLE invoice_runs ADD CONSTRAINT invoice_runs_trigger_valid CHECK (trigger IN ('submit', 'reprocess'))`);
    await q.query(`ALTER TABLE invoice_runs DROP CONSTRAINT invoice_runs_status_valid`);
    await q.query(`ALTER TABLE invoice_runs ADD CONSTRAINT invoice_runs_status_valid CHECK (status IN (${OLD_RUN_STATUSES}))`);
    await q.query(`DROP INDEX invoices_review_queue_idx`);
    await q.query(`ALTER TABLE invoices DROP CONSTRAINT invoices_currency_code`);
    await q.query(`ALTER TABLE invoices DROP COLUMN total_amount, DROP COLUMN currency`);
    await q.query(`ALTER TABLE invoices DROP CONSTRAINT invoices_status_valid`);
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_status_valid CHECK (status IN (${OLD_STATUSES}))`);
  }

  /** The result type changes, so the function is dropped and created again (with its grants). */
  private async replaceClaim(q: QueryRunner, definition: string): Promise<void> {
    await q.query(`DROP FUNCTION claim_invoice_run(uuid, integer)`);
    await q.query(definition);
    await q.query(`REVOKE ALL ON FUNCTION claim_invoice_run(uuid, integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION claim_invoice_run(uuid, integer) TO ${SERVICE_ROLE}`);
  }
}
