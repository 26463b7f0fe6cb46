import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the service's connections act as (DatabaseModule sets it on every pooled connection). */
const SERVICE_ROLE = 'invoice_service';

/** claim_invoice_run as TenantIsolation created it; `extra` adds result columns. */
const claimFunction = (extraColumns: string, extraSelect: string, extraReturning: string) => `
  CREATE FUNCTION claim_invoice_run(p_claim_token uuid, p_lease_ms integer)
    RETURNS TABLE (run_id uuid, invoice_id uuid, tenant_id text, attempts integer, document bytea, content_type text${extraColumns})
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
        RETURNING r.run_id, r.invoice_id, r.tenant_id, r.attempts${extraReturning}),
      marked AS (
        UPDATE invoices i SET status = 'processing', updated_at = now()
          FROM claimed WHERE i.id = claimed.invoice_id
        RETURNING i.id, i.document, i.content_type)
      SELECT c.run_id, c.invoice_id, c.tenant_id, c.attempts, m.document, m.content_type${extraSelect}
        FROM claimed c JOIN marked m ON m.id = c.invoice_id
    $$`;

/**
 * The correlation id of the request that queued a run (submit or reprocess), so the worker that
 * executes it later, on any replica, logs its stages under the same id. claim_invoice_run returns it.
 */
export class RunCorrelationId1795400000030 implements MigrationInterface {
  name = 'RunCorrelationId1795400000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoice_runs ADD correlation_id text`);
    await q.query(`ALTER TABLE invoice_runs ADD CONSTRAINT invoice_runs_correlation_id_valid CHECK (correlation_id ~ '^[A-Za-z0-9._:-]{1,128}$')`);
    await this.replaceClaim(q, claimFunction(', correlation_id text', ', c.correlation_id', ', r.correlation_id'));
  }

  async down(q: QueryRunner): Promise<void> {
    await this.replaceClaim(q, claimFunction('', '', ''));
    await q.query(`ALTER TABLE invoice_runs DROP CONSTRAINT invoice_runs_correlation_id_valid`);
    await q.query(`ALTER TABLE invoice_runs DROP COLUMN correlation_id`);
  }

  /** The result type changes, so the function is dropped and created again (with its grants). */
  private async replaceClaim(q: QueryRunner, definition: string): Promise<void> {
    await q.query(`DROP FUNCTION claim_invoice_run(uuid, integer)`);
    await q.query(definition);
    await q.query(`REVOKE ALL ON FUNCTION claim_invoice_run(uuid, integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION claim_invoice_run(uuid, integer) TO ${SERVICE_ROLE}`);
  }
}
