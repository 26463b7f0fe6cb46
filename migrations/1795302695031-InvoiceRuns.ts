import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The invoice pipeline's data: runs (the durable work queue: workers claim them with
 * FOR UPDATE SKIP LOCKED and a lease), per-stage results, the tenant's supplier directory,
 * duplicate fingerprints (a unique constraint decides duplicates), the export outbox and
 * idempotency keys. All tenant-owned. The invoice row gains the facts lists filter on.
 */
export class InvoiceRuns1795302695031 implements MigrationInterface {
  name = 'InvoiceRuns1795302695031';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE invoices
        ADD COLUMN invoice_number  text,
        ADD COLUMN issue_date      date,
        ADD COLUMN supplier_key    text,
        ADD COLUMN supplier_name   text,
        ADD COLUMN config_version  integer,
        ADD COLUMN review_required boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX invoices_tenant_status_idx ON invoices (tenant_id, status)`);
    await q.query(`CREATE INDEX invoices_tenant_supplier_idx ON invoices (tenant_id, supplier_key)`);

    await q.query(`
      CREATE TABLE invoice_runs (
        run_id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id       text NOT NULL,
        invoice_id      uuid NOT NULL,
        run_number      integer NOT NULL,
        trigger         text NOT NULL DEFAULT 'submit',
        status          text NOT NULL DEFAULT 'queued',
        config_id       uuid,
        config_version  integer,
        attempts        integer NOT NULL DEFAULT 0,
        claim_token     uuid,
        lease_until     timestamptz,
        failure_reason  text,
        review_required boolean NOT NULL DEFAULT false,
        created_at      timestamptz NOT NULL DEFAULT now(),
        started_at      timestamptz,
        finished_at     timestamptz,
        CONSTRAINT invoice_runs_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
        CONSTRAINT invoice_runs_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE,
        CONSTRAINT invoice_runs_config_fk FOREIGN KEY (config_id) REFERENCES module_configurations (config_id),
        CONSTRAINT invoice_runs_number_unique UNIQUE (invoice_id, run_number),
        CONSTRAINT invoice_runs_trigger_valid CHECK (trigger IN ('submit', 'reprocess')),
        CONSTRAINT invoice_runs_status_valid CHECK (status IN
          ('queued', 'running', 'completed', 'completed_with_warnings', 'failed', 'duplicate')),
        CONSTRAINT invoice_runs_finished_when_final CHECK ((status IN ('queued', 'running')) = (finished_at IS NULL)),
        CONSTRAINT invoice_runs_running_is_claimed CHECK (status <> 'running' OR (claim_token IS NOT NULL AND lease_until IS NOT NULL))
      )`);
    // The queue: unfinished runs in arrival order. One unfinished run per invoice at a time.
    await q.query(`CREATE INDEX invoice_runs_queue_idx ON invoice_runs (created_at) WHERE status IN ('queued', 'running')`);
    await q.query(`CREATE UNIQUE INDEX invoice_runs_one_open_per_invoice ON invoice_runs (invoice_id) WHERE status IN ('queued', 'running')`);

    await q.query(`
      CREATE TABLE invoice_stage_results (
        result_id       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id       text NOT NULL,
        run_id          uuid NOT NULL,
        stage_id        text NOT NULL,
        position        integer NOT NULL,
        module_id       text,
        outcome         text NOT NULL,
        fallback_used   boolean NOT NULL DEFAULT false,
        fallback_reason text,
        attempts        integer NOT NULL DEFAULT 0,
        duration_ms     double precision NOT NULL,
        warnings        jsonb NOT NULL DEFAULT '[]',
        errors          jsonb NOT NULL DEFAULT '[]',
        output          jsonb,
        CONSTRAINT invoice_stage_results_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
        CONSTRAINT invoice_stage_results_run_fk FOREIGN KEY (run_id) REFERENCES invoice_runs (run_id) ON DELETE CASCADE,
        CONSTRAINT invoice_stage_results_stage_fk FOREIGN KEY (stage_id) REFERENCES processing_stages (stage_id),
        CONSTRAINT invoice_stage_results_one_per_stage UNIQUE (run_id, stage_id),
        CONSTRAINT invoice_stage_results_outcome_valid CHECK (outcome IN ('ok', 'fallback', 'skipped', 'failed')),
        CONSTRAINT invoice_stage_results_fallback_has_reason CHECK (NOT fallback_used OR fallback_reason IS NOT NULL)
      )`);

    await q.query(`
      CREATE TABLE suppliers (
        supplier_id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id     text NOT NULL,
        lookup_key    text NOT NULL,
        name          text NOT NULL,
        vat_id        text,
        country       text,
        always_review boolean NOT NULL DEFAULT false,
        source        text NOT NULL DEFAULT 'manual',
        refreshed_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT suppliers_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
        CONSTRAINT suppliers_lookup_unique UNIQUE (tenant_id, lookup_key),
        CONSTRAINT suppliers_source_valid CHECK (source IN ('manual', 'http'))
      )`);

    await q.query(`
      CREATE TABLE invoice_fingerprints (
        fingerprint_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id      text NOT NULL,
        supplier_key   text NOT NULL,
        invoice_number text NOT NULL,
        issue_date     date NOT NULL,
        total          numeric NOT NULL,
        invoice_id     uuid NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT invoice_fingerprints_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
        CONSTRAINT invoice_fingerprints_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE,
        CONSTRAINT invoice_fingerprints_unique UNIQUE (tenant_id, supplier_key, invoice_number, issue_date, total)
      )`);

    await q.query(`
      CREATE TABLE outbox_messages (
        message_id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id       text NOT NULL,
        invoice_id      uuid NOT NULL,
        run_id          uuid NOT NULL,
        target_url      text NOT NULL,
        payload         jsonb NOT NULL,
        status          text NOT NULL DEFAULT 'pending',
        attempts        integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        delivered_at    timestamptz,
        CONSTRAINT outbox_messages_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
        CONSTRAINT outbox_messages_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE,
        CONSTRAINT outbox_messages_run_fk FOREIGN KEY (run_id) REFERENCES invoice_runs (run_id) ON DELETE CASCADE,
        CONSTRAINT outbox_messages_one_per_run UNIQUE (run_id),
        CONSTRAINT outbox_messages_status_valid CHECK (status IN ('pending', 'delivered')),
        CONSTRAINT outbox_messages_delivered_consistent CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX outbox_messages_due_idx ON outbox_messages (next_attempt_at) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        tenant_id       text NOT NULL,
        idempotency_key text NOT NULL,
        request_sha256  char(64) NOT NULL,
        invoice_id      uuid NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT idempotency_keys_pkey PRIMARY KEY (tenant_id, idempotency_key),
        CONSTRAINT idempotency_keys_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
        CONSTRAINT idempotency_keys_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE,
        CONSTRAINT idempotency_keys_key_length CHECK (char_length(idempotency_key) BETWEEN 1 AND 255)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE outbox_messages`);
    await q.query(`DROP TABLE invoice_fingerprints`);
    await q.query(`DROP TABLE suppliers`);
    await q.query(`DROP TABLE invoice_stage_results`);
    await q.query(`DROP TABLE invoice_runs`);
    await q.query(`DROP INDEX invoices_tenant_supplier_idx`);
    await q.query(`DROP INDEX invoices_tenant_status_idx`);
    await q.query(`ALTER TABLE invoices DROP COLUMN invoice_number, DROP COLUMN issue_date, DROP COLUMN supplier_key,
      DROP COLUMN supplier_name, DROP COLUMN config_version, DROP COLUMN review_required`);
  }
}
