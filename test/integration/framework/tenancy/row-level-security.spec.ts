import { DataSource, EntityManager } from 'typeorm';
import { assertServiceRole, SERVICE_DB_ROLE, TenantDatabase } from '../../../../src/framework/database';
import { asOwner, ownerQuery, useMigratedDatabase } from '../../../support/migrated-data-source';
import { insertInvoice, insertTenants } from '../../../support/factories';

/** The tenant-owned tables and a column each query below can touch. */
const TABLES = ['invoices', 'invoice_runs', 'suppliers', 'invoice_fingerprints', 'outbox_messages', 'export_feed_entries', 'idempotency_keys'];

interface Owned {
  invoiceId: string;
  runId: string;
}

/**
 * Isolation enforced by PostgreSQL itself: raw SQL under the service's database role, with the
 * other tenant's setting (or none), neither sees nor changes a tenant's rows in any table.
 */
describe('row-level security under the service role (real database)', () => {
  const database = useMigratedDatabase();
  let owner: DataSource;
  let service: DataSource;
  let tenants: TenantDatabase;
  let acme: Owned;
  let globex: Owned;

  /** One row in every tenant-owned table, written as the tenant (so WITH CHECK accepts its own rows). */
  async function seed(tenantId: string): Promise<Owned> {
    return tenants.transaction(tenantId, async (m) => {
      const invoiceId = await insertInvoice(m, { tenantId });
      const [{ run_id: runId }] = await m.query(
        `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, status, finished_at, stage_results)
         VALUES ($1, $2, 1, 'completed', now(), '[{"stage_id": "parse", "position": 1, "outcome": "ok", "fallback_used": false, "fallback_reason": null,
                                          "attempts": 1, "duration_ms": 1, "degraded": false, "warnings": [], "errors": [], "output": null}]')
         RETURNING run_id`,
        [tenantId, invoiceId],
      );
      await m.query(`INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ($1, 'SE1', 'Supplier')`, [tenantId]);
      await m.query(
        `INSERT INTO invoice_fingerprints (tenant_id, supplier_key, document_type, invoice_number, issue_date, total, invoice_id) VALUES ($1, 'SE1', 'Invoice', 'N-1', '2026-01-01', 10, $2)`,
        [tenantId, invoiceId],
      );
      await m.query(`INSERT INTO outbox_messages (tenant_id, invoice_id, run_id, target_url, payload) VALUES ($1, $2, $3, 'http://127.0.0.1:9/', '{}')`, [
        tenantId,
        invoiceId,
        runId,
      ]);
      await m.query(`INSERT INTO export_feed_entries (tenant_id, invoice_id, run_id, txid, payload) VALUES ($1, $2, $3, pg_current_xact_id()::text::bigint, '{}')`, [
        tenantId,
        invoiceId,
        runId,
      ]);
      await m.query(`INSERT INTO idempotency_keys (tenant_id, idempotency_key, request_sha256, invoice_id) VALUES ($1, 'key-1', repeat('b', 64), $2)`, [
        tenantId,
        invoiceId,
      ]);
      return { invoiceId, runId };
    });
  }

  const count = (m: EntityManager, table: string) => m.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${table}`).then((r) => r[0].n);

  beforeAll(async () => {
    owner = database.dataSource;
    await insertTenants(owner, { tenantId: 'acme', name: 'Acme' }, { tenantId: 'globex', name: 'Globex' });
    service = await database.serviceDataSource();
    tenants = new TenantDatabase(service);
    acme = await seed('acme');
    globex = await seed('globex');
  });

  it('runs as a role that is not superuser, has no BYPASSRLS and owns no table', async () => {
    const [role] = await service.query(`SELECT current_user AS name, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
    expect(role).toEqual({ name: SERVICE_DB_ROLE, rolsuper: false, rolbypassrls: false });
    await expect(assertServiceRole(service)).resolves.toBeUndefined();
    // The login user of the tests is a superuser: the boot check refuses it.
    await expect(asOwner(owner, (manager) => assertServiceRole(manager))).rejects.toThrow(/would bypass row-level security/);
  });

  it('shows each tenant exactly its own rows in every table, and nothing without a tenant', async () => {
    for (const table of TABLES) {
      expect({ table, acme: await tenants.transaction('acme', (m) => count(m, table)) }).toEqual({ table, acme: 1 });
      expect({ table, globex: await tenants.transaction('globex', (m) => count(m, table)) }).toEqual({ table, globex: 1 });
      expect({ table, none: await service.transaction((m) => count(m, table)) }).toEqual({ table, none: 0 });
      expect({ table, outside: Number((await service.query(`SELECT count(*) AS n FROM ${table}`))[0].n) }).toEqual({ table, outside: 0 });
    }
    const seen = await tenants.transaction('globex', (m) => m.query(`SELECT id FROM invoices WHERE id = $1`, [acme.invoiceId]));
    expect(seen).toEqual([]);
  });

  it("neither updates nor deletes another tenant's rows, naming them by id", async () => {
    await tenants.transaction('globex', async (m) => {
      const [, updated] = await m.query(`UPDATE invoices SET status = 'failed' WHERE id = $1`, [acme.invoiceId]);
      expect(updated).toBe(0);
      const [, runs] = await m.query(`UPDATE invoice_runs SET failure_reason = 'x' WHERE run_id = $1`, [acme.runId]);
      expect(runs).toBe(0);
      for (const table of TABLES) {
        const [, deleted] = await m.query(`DELETE FROM ${table} WHERE tenant_id = 'acme'`);
        expect({ table, deleted }).toEqual({ table, deleted: 0 });
      }
    });
    const [acmeInvoice] = await ownerQuery(owner, `SELECT status FROM invoices WHERE id = $1`, [acme.invoiceId]);
    expect(acmeInvoice).toEqual({ status: 'received' });
    for (const table of TABLES) {
      const [{ n }] = await ownerQuery(owner, `SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = 'acme'`);
      expect({ table, n }).toEqual({ table, n: 1 });
    }
  });

  it("refuses to write a row for another tenant, or to move a row to another tenant", async () => {
    await expect(
      tenants.transaction('globex', (m) =>
        m.query(`INSERT INTO invoices (tenant_id, content_type, document, document_sha256, size_bytes) VALUES ('acme', 'application/xml', '\\x3c612f3e', repeat('a', 64), 4)`),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(tenants.transaction('globex', (m) => m.query(`INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ('acme', 'X', 'X')`))).rejects.toThrow(
      /row-level security/,
    );
    await expect(tenants.transaction('globex', (m) => m.query(`UPDATE suppliers SET tenant_id = 'acme'`))).rejects.toThrow(/row-level security/);
    // Nor attach its own row to another tenant's invoice: the reference includes the tenant, so
    // the answer is the same as for an id that does not exist.
    const attach = (invoiceId: string) =>
      tenants.transaction('globex', (m) =>
        m.query(`INSERT INTO invoice_runs (tenant_id, invoice_id, run_number) VALUES ('globex', $1, 99)`, [invoiceId]),
      );
    await expect(attach(acme.invoiceId)).rejects.toMatchObject({ constraint: 'invoice_runs_invoice_fk' });
    await expect(attach('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ constraint: 'invoice_runs_invoice_fk' });
    await expect(
      tenants.transaction('globex', (m) =>
        m.query(`INSERT INTO idempotency_keys (tenant_id, idempotency_key, request_sha256, invoice_id) VALUES ('globex', 'k2', repeat('c', 64), $1)`, [acme.invoiceId]),
      ),
    ).rejects.toMatchObject({ constraint: 'idempotency_keys_invoice_fk' });
    // Without a tenant nothing can be written at all.
    await expect(service.query(`INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ('acme', 'Y', 'Y')`)).rejects.toThrow(/row-level security/);
  });

  it('keeps the tenant setting inside its transaction: the pooled connection does not carry it on', async () => {
    await tenants.transaction('acme', (m) => count(m, 'invoices'));
    const [{ setting }] = await service.query(`SELECT coalesce(current_setting('app.tenant_id', true), '') AS setting`);
    expect(setting).toBe('');
    expect(Number((await service.query(`SELECT count(*) AS n FROM invoices`))[0].n)).toBe(0);
  });

  it('gives the service role no way around the policies', async () => {
    await expect(service.query(`ALTER TABLE invoices DISABLE ROW LEVEL SECURITY`)).rejects.toThrow(/must be owner/);
    await expect(service.query(`DROP POLICY invoices_tenant_isolation ON invoices`)).rejects.toThrow(/must be owner/);
    await expect(service.query(`CREATE ROLE sneaky BYPASSRLS`)).rejects.toThrow(/permission denied|must be superuser/);
    // row_security = off makes a query that policies would filter fail instead of silently filtering.
    await expect(
      service.transaction(async (m) => {
        await m.query(`SET LOCAL row_security = off`);
        return m.query(`SELECT count(*) FROM invoices`);
      }),
    ).rejects.toThrow(/row-level security/);
  });

  it("lets the workers' claim cross tenants only through the claim function, which names each run's tenant", async () => {
    await ownerQuery(owner, `UPDATE invoice_runs SET status = 'queued', finished_at = NULL WHERE run_id = ANY($1)`, [[acme.runId, globex.runId]]);
    const claimed = [
      ...(await service.query(`SELECT run_id, tenant_id FROM claim_invoice_run(gen_random_uuid(), 60000)`)),
      ...(await service.query(`SELECT run_id, tenant_id FROM claim_invoice_run(gen_random_uuid(), 60000)`)),
    ];
    expect(claimed.sort((a, b) => a.tenant_id.localeCompare(b.tenant_id))).toEqual([
      { run_id: acme.runId, tenant_id: 'acme' },
      { run_id: globex.runId, tenant_id: 'globex' },
    ]);
    // Nobody else may call it.
    await expect(ownerQuery(owner, `SELECT has_function_privilege('public', 'claim_invoice_run(uuid, integer)', 'EXECUTE') AS p`)).resolves.toEqual([{ p: false }]);
  });
});
