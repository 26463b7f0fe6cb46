import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run's stage results are one jsonb array on the run (`invoice_runs.stage_results`, in stage
 * order, written by the run's finishing UPDATE) instead of one `invoice_stage_results` row per
 * stage (issue 17): a finished invoice wrote six rows with two index entries, three foreign-key
 * checks and three CHECKs each; now the run row it updates anyway carries them. Replaying one
 * invoice's statements: about 0.2-0.3 ms of PostgreSQL CPU less per invoice.
 *
 * The per-row CHECKs stay in the database as one CHECK on the array (`stage_results_valid`): an
 * array of objects, each with a stage id, a position (in stage order), a known outcome, its
 * flags, attempts, duration and finding lists; degraded only on a fallback; a used fallback has a
 * reason; one result per stage. No longer a constraint: the foreign key of each result's stage id
 * to `processing_stages` (the run's configuration names the stages, and its selections reference
 * the catalogue). NULL: the run has not finished, or ended without stage results. Existing results
 * move into their runs; `down` moves them back.
 */
export class StageResultsPerRun1795400000180 implements MigrationInterface {
  name = 'StageResultsPerRun1795400000180';

  async up(q: QueryRunner): Promise<void> {
    // A loop of PL/pgSQL simple expressions: replaying the finish, the check costs ~0.07 ms per run; the same checks as
    // SQL over jsonb_to_recordset (two SPI queries) ~0.1 ms, as an inlined jsonpath CHECK about as much.
    await q.query(`
      CREATE FUNCTION stage_results_valid(results jsonb) RETURNS boolean
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
        AS $$
        DECLARE
          e jsonb;
          position integer;
          previous integer;
          seen text[] := '{}';
        BEGIN
          IF results IS NULL THEN RETURN true; END IF;
          IF jsonb_typeof(results) <> 'array' THEN RETURN false; END IF;
          FOR i IN 0 .. jsonb_array_length(results) - 1 LOOP
            e := results -> i;
            IF jsonb_typeof(e) <> 'object'
               OR jsonb_typeof(e -> 'stage_id') IS DISTINCT FROM 'string' OR (e ->> 'stage_id') = ANY (seen)
               OR jsonb_typeof(e -> 'position') IS DISTINCT FROM 'number'
               OR (e ->> 'outcome') IS NULL OR (e ->> 'outcome') NOT IN ('ok', 'fallback', 'skipped', 'failed', 'rejected')
               OR jsonb_typeof(e -> 'fallback_used') IS DISTINCT FROM 'boolean' OR jsonb_typeof(e -> 'degraded') IS DISTINCT FROM 'boolean'
               OR jsonb_typeof(e -> 'attempts') IS DISTINCT FROM 'number' OR jsonb_typeof(e -> 'duration_ms') IS DISTINCT FROM 'number'
               OR jsonb_typeof(e -> 'warnings') IS DISTINCT FROM 'array' OR jsonb_typeof(e -> 'errors') IS DISTINCT FROM 'array'
               OR ((e -> 'degraded') = 'true' AND (e ->> 'outcome') <> 'fallback')
               OR ((e -> 'fallback_used') = 'true' AND jsonb_typeof(e -> 'fallback_reason') IS DISTINCT FROM 'string') THEN
              RETURN false;
            END IF;
            position := (e ->> 'position')::integer;
            IF position < previous THEN RETURN false; END IF;
            previous := position;
            seen := seen || (e ->> 'stage_id');
          END LOOP;
          RETURN true;
        END $$`);
    await q.query(`COMMENT ON FUNCTION stage_results_valid(jsonb) IS 'What invoice_stage_results'' constraints asked of each result, for the array on invoice_runs.stage_results.'`);
    await q.query(`ALTER TABLE invoice_runs ADD stage_results jsonb`);
    await setCompression(q, 'lz4');
    await q.query(`
      UPDATE invoice_runs r
         SET stage_results = s.results
        FROM (SELECT run_id, jsonb_agg(jsonb_build_object(
                       'stage_id', stage_id, 'position', position, 'module_id', module_id, 'outcome', outcome,
                       'fallback_used', fallback_used, 'fallback_reason', fallback_reason, 'attempts', attempts,
                       'duration_ms', duration_ms, 'warnings', warnings, 'errors', errors, 'degraded', degraded,
                       'output', output) ORDER BY position) AS results
                FROM invoice_stage_results GROUP BY run_id) s
       WHERE s.run_id = r.run_id`);
    await q.query(`ALTER TABLE invoice_runs ADD CONSTRAINT invoice_runs_stage_results_valid CHECK (stage_results_valid(stage_results))`);
    await q.query(`DROP TABLE invoice_stage_results`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The table as the migrations before this one left it (1795302695031, …0001, …0020, …0040, …0000).
    await q.query(`
      CREATE TABLE invoice_stage_results (
        result_id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        run_id uuid NOT NULL,
        stage_id text NOT NULL,
        position integer NOT NULL,
        module_id text,
        outcome text NOT NULL,
        fallback_used boolean NOT NULL DEFAULT false,
        fallback_reason text,
        attempts integer NOT NULL DEFAULT 0,
        duration_ms double precision NOT NULL,
        warnings jsonb NOT NULL DEFAULT '[]',
        errors jsonb NOT NULL DEFAULT '[]',
        output jsonb,
        degraded boolean NOT NULL DEFAULT false,
        CONSTRAINT invoice_stage_results_pkey PRIMARY KEY (result_id),
        CONSTRAINT invoice_stage_results_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
        CONSTRAINT invoice_stage_results_run_fk FOREIGN KEY (tenant_id, run_id) REFERENCES invoice_runs (tenant_id, run_id) ON DELETE CASCADE,
        CONSTRAINT invoice_stage_results_stage_fk FOREIGN KEY (stage_id) REFERENCES processing_stages (stage_id),
        CONSTRAINT invoice_stage_results_one_per_stage UNIQUE (run_id, stage_id),
        CONSTRAINT invoice_stage_results_outcome_valid CHECK (outcome IN ('ok', 'fallback', 'skipped', 'failed', 'rejected')),
        CONSTRAINT invoice_stage_results_degraded_is_fallback CHECK (NOT degraded OR outcome = 'fallback'),
        CONSTRAINT invoice_stage_results_fallback_has_reason CHECK (NOT fallback_used OR fallback_reason IS NOT NULL)
      )`);
    await q.query(`
      INSERT INTO invoice_stage_results (tenant_id, run_id, stage_id, position, module_id, outcome, fallback_used, fallback_reason,
                                         attempts, duration_ms, warnings, errors, degraded, output)
      SELECT r.tenant_id, r.run_id, s.stage_id, s.position, s.module_id, s.outcome, s.fallback_used, s.fallback_reason,
             s.attempts, s.duration_ms, s.warnings, s.errors, s.degraded, s.output
        FROM invoice_runs r, jsonb_to_recordset(r.stage_results) AS s(stage_id text, position integer, module_id text, outcome text, fallback_used boolean,
             fallback_reason text, attempts integer, duration_ms double precision, warnings jsonb, errors jsonb, degraded boolean, output jsonb)
       WHERE r.stage_results IS NOT NULL`);
    await q.query(`ALTER TABLE invoice_stage_results ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY invoice_stage_results_tenant_isolation ON invoice_stage_results
        USING (tenant_id = app_current_tenant())
        WITH CHECK (tenant_id = app_current_tenant())`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON invoice_stage_results TO invoice_service`);
    const rows = (await q.query(`SELECT 'lz4' = ANY (enumvals) AS ok FROM pg_settings WHERE name = 'default_toast_compression'`)) as Array<{ ok: boolean }>;
    if (rows[0]?.ok) await q.query(`ALTER TABLE invoice_stage_results ALTER COLUMN output SET COMPRESSION lz4`);
    await q.query(`ALTER TABLE invoice_runs DROP CONSTRAINT invoice_runs_stage_results_valid`);
    await q.query(`ALTER TABLE invoice_runs DROP COLUMN stage_results`);
    await q.query(`DROP FUNCTION stage_results_valid(jsonb)`);
  }
}

/** lz4 where the server has it (the embedded PGlite keeps pglz), like 1795400000040 and …170. */
async function setCompression(q: QueryRunner, method: 'lz4'): Promise<void> {
  const rows = (await q.query(
    `SELECT coalesce(bool_or($1 = ANY (enumvals)), false) AS ok FROM pg_settings WHERE name = 'default_toast_compression'`,
    [method],
  )) as Array<{ ok: boolean }>;
  if (!rows[0]?.ok) return;
  await q.query(`ALTER TABLE invoice_runs ALTER COLUMN stage_results SET COMPRESSION ${method}`);
}
