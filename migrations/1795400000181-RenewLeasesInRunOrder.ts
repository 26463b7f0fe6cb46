import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `renew_invoice_run_leases` locks the runs it renews in ascending run id order (a locking SELECT
 * sorted by run_id, then the UPDATE of the rows it holds). The service now commits the finishing
 * statements of several runs in one transaction (TenantDatabase's group commit), in the same order
 * (StatementOptions.lockOrder): with both taking the run rows in one order, a renewal and a group
 * never wait on each other in a cycle (a deadlock PostgreSQL would break only after
 * deadlock_timeout, 1 s). What the function renews and returns is unchanged.
 */
export class RenewLeasesInRunOrder1795400000181 implements MigrationInterface {
  name = 'RenewLeasesInRunOrder1795400000181';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION renew_invoice_run_leases(p_run_ids uuid[], p_claim_tokens uuid[], p_lease_ms integer)
        RETURNS TABLE (run_id uuid)
        LANGUAGE sql VOLATILE SECURITY DEFINER
        SET search_path = public, pg_temp
        AS $$
          WITH held AS (
            SELECT r.run_id
              FROM invoice_runs r
              JOIN unnest(p_run_ids, p_claim_tokens) AS h(run_id, claim_token) ON r.run_id = h.run_id AND r.claim_token = h.claim_token
             WHERE r.status = 'running' AND r.lease_until > now()
             ORDER BY r.run_id
               FOR UPDATE OF r)
          UPDATE invoice_runs r
             SET lease_until = now() + p_lease_ms * interval '1 millisecond'
            FROM held
           WHERE r.run_id = held.run_id
          RETURNING r.run_id
        $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION renew_invoice_run_leases(p_run_ids uuid[], p_claim_tokens uuid[], p_lease_ms integer)
        RETURNS TABLE (run_id uuid)
        LANGUAGE sql VOLATILE SECURITY DEFINER
        SET search_path = public, pg_temp
        AS $$
          UPDATE invoice_runs r
             SET lease_until = now() + p_lease_ms * interval '1 millisecond'
            FROM unnest(p_run_ids, p_claim_tokens) AS held(run_id, claim_token)
           WHERE r.run_id = held.run_id AND r.claim_token = held.claim_token
             AND r.status = 'running' AND r.lease_until > now()
          RETURNING r.run_id
        $$`);
  }
}
