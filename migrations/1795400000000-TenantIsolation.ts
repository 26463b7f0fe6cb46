import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the service's connections act as (DatabaseModule sets it on every pooled connection). */
const SERVICE_ROLE = 'invoice_service';

/** Tenant-owned tables: each row belongs to the tenant in its tenant_id column. */
const TENANT_TABLES = ['invoices', 'invoice_runs', 'invoice_stage_results', 'suppliers', 'invoice_fingerprints', 'outbox_messages', 'idempotency_keys'];

/**
 * Tenant isolation in the database. A service role that is neither superuser, BYPASSRLS nor owner
 * of any table gets plain DML; every tenant-owned table has row-level security with one policy:
 * a row is visible and writable only when its tenant_id equals the transaction's
 * `app.tenant_id` setting (set with set_config(…, true) by TenantDatabase). Without the setting
 * nothing is visible. The workers' cross-tenant queue claims go through two SECURITY DEFINER
 * functions that return the tenant of each claimed row, so the rest of the work runs as that
 * tenant.
 *
 * The role is created NOLOGIN when it does not exist (a deployment may create it beforehand with
 * LOGIN and a password and connect as it). Roles belong to the cluster, not the database, so
 * `down` leaves the role and only revokes what this database granted.
 */
export class TenantIsolation1795400000000 implements MigrationInterface {
  name = 'TenantIsolation1795400000000';

  async up(q: QueryRunner): Promise<void> {
    // Concurrent migrations of two databases on one cluster race on CREATE ROLE: either error means it exists.
    await q.query(`
      DO $$ BEGIN
        CREATE ROLE ${SERVICE_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${SERVICE_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${SERVICE_ROLE}`);
    await q.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${SERVICE_ROLE}`);
    // Tables later migrations create get the same grants (the migration role creates them).
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${SERVICE_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${SERVICE_ROLE}`);
    // The service reads the migration history (pending-migration warning) and never writes it;
    // the configuration audit is append-only for it at the privilege level too.
    await q.query(`REVOKE INSERT, UPDATE, DELETE ON migrations FROM ${SERVICE_ROLE}`);
    await q.query(`REVOKE UPDATE, DELETE ON configuration_change_events FROM ${SERVICE_ROLE}`);

    await q.query(`
      CREATE FUNCTION app_current_tenant() RETURNS text
        LANGUAGE sql STABLE
        AS $$ SELECT nullif(current_setting('app.tenant_id', true), '') $$`);
    await q.query(`COMMENT ON FUNCTION app_current_tenant() IS 'The tenant of the current transaction (set_config(''app.tenant_id'', …, true)); NULL when unset.'`);
    for (const table of TENANT_TABLES) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`
        CREATE POLICY ${table}_tenant_isolation ON ${table}
          USING (tenant_id = app_current_tenant())
          WITH CHECK (tenant_id = app_current_tenant())`);
    }

    // Workers claim the oldest queued run (or one whose lease expired) of any tenant; the
    // function runs as its owner (not subject to the policies) and does nothing else.
    await q.query(`
      CREATE FUNCTION claim_invoice_run(p_claim_token uuid, p_lease_ms integer)
        RETURNS TABLE (run_id uuid, invoice_id uuid, tenant_id text, attempts integer, document bytea, content_type text)
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
            RETURNING r.run_id, r.invoice_id, r.tenant_id, r.attempts),
          marked AS (
            UPDATE invoices i SET status = 'processing', updated_at = now()
              FROM claimed WHERE i.id = claimed.invoice_id
            RETURNING i.id, i.document, i.content_type)
          SELECT c.run_id, c.invoice_id, c.tenant_id, c.attempts, m.document, m.content_type
            FROM claimed c JOIN marked m ON m.id = c.invoice_id
        $$`);
    // Due outbox messages of any tenant, pushed ahead by the claim time so no one else takes them.
    await q.query(`
      CREATE FUNCTION claim_outbox_messages(p_limit integer, p_claim_ms integer)
        RETURNS TABLE (message_id uuid, tenant_id text, target_url text, payload jsonb, attempts integer)
        LANGUAGE sql VOLATILE SECURITY DEFINER
        SET search_path = public, pg_temp
        AS $$
          WITH due AS (
            SELECT o.message_id FROM outbox_messages o
             WHERE o.status = 'pending' AND o.next_attempt_at <= now()
             ORDER BY o.next_attempt_at
             LIMIT p_limit
             FOR UPDATE SKIP LOCKED)
          UPDATE outbox_messages o
             SET next_attempt_at = now() + p_claim_ms * interval '1 millisecond', attempts = o.attempts + 1
            FROM due
           WHERE o.message_id = due.message_id
          RETURNING o.message_id, o.tenant_id, o.target_url, o.payload, o.attempts - 1
        $$`);
    for (const fn of ['claim_invoice_run(uuid, integer)', 'claim_outbox_messages(integer, integer)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${SERVICE_ROLE}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION claim_outbox_messages(integer, integer)`);
    await q.query(`DROP FUNCTION claim_invoice_run(uuid, integer)`);
    for (const table of [...TENANT_TABLES].reverse()) {
      await q.query(`DROP POLICY ${table}_tenant_isolation ON ${table}`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP FUNCTION app_current_tenant()`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${SERVICE_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${SERVICE_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${SERVICE_ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${SERVICE_ROLE}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${SERVICE_ROLE}`);
  }
}
