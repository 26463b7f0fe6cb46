import { DataSource } from 'typeorm';
import { TenantDatabase } from '../../../src/framework/database';
import { SupplierEntity } from '../../../src/stages/enrich/supplier.entity';
import { migratedDataSource, ownerQuery, serviceDataSource } from '../../support/migrated-data-source';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

/** TenantDatabase's transaction: the tenant setting, commit, rollback, and repository calls joining it. */
describe('tenant transactions (real database)', () => {
  let db: TestDatabase;
  let owner: DataSource;
  let service: DataSource;
  let tenants: TenantDatabase;
  const suppliers = async (key: string) => (await ownerQuery(owner, `SELECT count(*)::int AS n FROM suppliers WHERE lookup_key = $1`, [key]))[0].n as number;

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await migratedDataSource(db.url);
    await ownerQuery(owner, `INSERT INTO tenants (tenant_id, name) VALUES ('acme', 'Acme')`);
    service = await serviceDataSource(db.url);
    tenants = new TenantDatabase(service);
  });

  afterAll(async () => {
    await service?.destroy();
    await owner?.destroy();
    await db?.drop();
  });

  it('runs the work as the tenant inside one transaction and commits it', async () => {
    const inside = await tenants.transaction('acme', async (m) => {
      await m.query(`INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ('acme', 'COMMIT-1', 'S')`);
      // Repository calls join the open transaction (no nested START TRANSACTION).
      await m.getRepository(SupplierEntity).save(m.getRepository(SupplierEntity).create({ tenantId: 'acme', lookupKey: 'COMMIT-2', name: 'S' }));
      const [{ tenant }] = await m.query(`SELECT current_setting('app.tenant_id') AS tenant`);
      // Separate statements, one transaction id: they run in one transaction.
      const [{ xid: first }] = await m.query(`SELECT txid_current()::text AS xid`);
      const [{ xid: second }] = await m.query(`SELECT txid_current()::text AS xid`);
      return { tenant, sameTransaction: first === second };
    });
    expect(inside).toEqual({ tenant: 'acme', sameTransaction: true });
    expect([await suppliers('COMMIT-1'), await suppliers('COMMIT-2')]).toEqual([1, 1]);
  });

  it('rolls everything back when the work fails, repository writes included, and leaves the connection clean', async () => {
    const failure = new Error('work failed');
    await expect(
      tenants.transaction('acme', async (m) => {
        await m.query(`INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ('acme', 'ROLLBACK-1', 'S')`);
        await m.getRepository(SupplierEntity).save(m.getRepository(SupplierEntity).create({ tenantId: 'acme', lookupKey: 'ROLLBACK-2', name: 'S' }));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect([await suppliers('ROLLBACK-1'), await suppliers('ROLLBACK-2')]).toEqual([0, 0]);
    // The pooled connection carries neither the transaction nor the tenant on.
    const [after] = await service.query(`SELECT coalesce(current_setting('app.tenant_id', true), '') AS tenant, now() = statement_timestamp() AS own_transaction`);
    expect(after).toEqual({ tenant: '', own_transaction: true });
  });

  it('rolls back when the database refuses a statement, and the next transaction works', async () => {
    await expect(tenants.transaction('acme', (m) => m.query(`INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ('acme', NULL, 'S')`))).rejects.toThrow(
      /null value/,
    );
    await expect(tenants.transaction('acme', (m) => m.query(`SELECT 1 AS ok`))).resolves.toEqual([{ ok: 1 }]);
  });

  it('refuses anything that is not a tenant id before any SQL is sent', async () => {
    await expect(tenants.transaction("acme', true); DROP TABLE suppliers; --", async () => 1)).rejects.toThrow(/not a tenant id/);
    await expect(tenants.transaction('', async () => 1)).rejects.toThrow(/not a tenant id/);
    expect(await suppliers('COMMIT-1')).toBe(1);
  });
});
