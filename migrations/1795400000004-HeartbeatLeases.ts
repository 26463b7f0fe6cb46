import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the service's connections act as (DatabaseModule sets it on every pooled connection). */
const SERVICE_ROLE = 'invoice_service';

/**
 * Leases that heal in seconds. A claimed run or a running scheduler fire holds a short lease that
 * its holder renews while it lives (a heartbeat), so the lease of a killed holder runs out within
 * seconds instead of the whole processing budget.
 *
 * - `renew_invoice_run_leases` renews, in one statement, every run a process holds, across
 *   tenants (SECURITY DEFINER, like claim_invoice_run: the policies would limit a plain UPDATE to
 *   one tenant). Each run is fenced by its claim token and only a lease that has not run out is
 *   renewed: a holder that was cut off longer than its lease has lost the run, even when nobody
 *   took it over yet. It returns the runs still held.
 * - `scheduler_job_fires.lease_until`: a running fire counts against its job's concurrency only
 *   while its lease runs; the holder renews it (platform table, no policies).
 */
export class HeartbeatLeases1795400000004 implements MigrationInterface {
  name = 'HeartbeatLeases1795400000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION renew_invoice_run_leases(p_run_ids uuid[], p_claim_tokens uuid[], p_lease_ms integer)
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
    await q.query(`REVOKE ALL ON FUNCTION renew_invoice_run_leases(uuid[], uuid[], integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION renew_invoice_run_leases(uuid[], uuid[], integer) TO ${SERVICE_ROLE}`);

    await q.query(`ALTER TABLE scheduler_job_fires ADD lease_until timestamptz`);
    // Fires still running from before this migration keep the old rule (claimed_at + job lease).
    await q.query(`ALTER TABLE scheduler_job_fires ADD CONSTRAINT scheduler_job_fires_lease_after_claim CHECK (lease_until >= claimed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scheduler_job_fires DROP CONSTRAINT scheduler_job_fires_lease_after_claim`);
    await q.query(`ALTER TABLE scheduler_job_fires DROP COLUMN lease_until`);
    await q.query(`DROP FUNCTION renew_invoice_run_leases(uuid[], uuid[], integer)`);
  }
}
