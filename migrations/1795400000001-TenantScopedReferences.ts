import { MigrationInterface, QueryRunner } from 'typeorm';

/** [table, constraint, column, referenced table, referenced key column] */
const REFERENCES: Array<[string, string, string, string, string]> = [
  ['invoice_runs', 'invoice_runs_invoice_fk', 'invoice_id', 'invoices', 'id'],
  ['invoice_stage_results', 'invoice_stage_results_run_fk', 'run_id', 'invoice_runs', 'run_id'],
  ['invoice_fingerprints', 'invoice_fingerprints_invoice_fk', 'invoice_id', 'invoices', 'id'],
  ['outbox_messages', 'outbox_messages_invoice_fk', 'invoice_id', 'invoices', 'id'],
  ['outbox_messages', 'outbox_messages_run_fk', 'run_id', 'invoice_runs', 'run_id'],
  ['idempotency_keys', 'idempotency_keys_invoice_fk', 'invoice_id', 'invoices', 'id'],
];

/**
 * References between tenant-owned rows include the tenant: a run, stage result, fingerprint,
 * outbox message or idempotency key can only point at an invoice or run of its own tenant.
 * Foreign-key checks do not go through row-level security, so with single-column keys a tenant
 * could attach a row to another tenant's invoice id (and learn from the error whether it exists).
 */
export class TenantScopedReferences1795400000001 implements MigrationInterface {
  name = 'TenantScopedReferences1795400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_tenant_id_unique UNIQUE (tenant_id, id)`);
    await q.query(`ALTER TABLE invoice_runs ADD CONSTRAINT invoice_runs_tenant_run_unique UNIQUE (tenant_id, run_id)`);
    for (const [table, constraint, column, target, key] of REFERENCES) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}`);
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${constraint} FOREIGN KEY (tenant_id, ${column}) REFERENCES ${target} (tenant_id, ${key}) ON DELETE CASCADE`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, constraint, column, target, key] of [...REFERENCES].reverse()) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} FOREIGN KEY (${column}) REFERENCES ${target} (${key}) ON DELETE CASCADE`);
    }
    await q.query(`ALTER TABLE invoice_runs DROP CONSTRAINT invoice_runs_tenant_run_unique`);
    await q.query(`ALTER TABLE invoices DROP CONSTRAINT invoices_tenant_id_unique`);
  }
}
