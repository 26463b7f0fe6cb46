import { Client } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { onServiceConnect, TenantDatabase } from '../../../../src/framework/database';
import { SupplierEntity } from '../../../../src/stages/enrich/supplier.entity';
import { ownerQuery, useMigratedDatabase } from '../../../support/migrated-data-source';
import { insertTenants } from '../../../support/factories';

/**
 * TenantDatabase: the transaction (tenant setting, commit, rollback, repository calls joining it)
 * and the one-round-trip statement (the same guarantees for a single statement).
 */
describe('tenant transactions (real database)', () => {
  const database = useMigratedDatabase();
  let owner: DataSource;
  let service: DataSource;
  let tenants: TenantDatabase;
  const suppliers = async (key: string) => (await ownerQuery(owner, `SELECT count(*)::int AS n FROM suppliers WHERE lookup_key = $1`, [key]))[0].n as number;

  beforeAll(async () => {
    owner = database.dataSource;
    await insertTenants(owner, { tenantId: 'acme', name: 'Acme' });
    service = await database.serviceDataSource();
    tenants = new TenantDatabase(service);
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

  describe('statement()', () => {
    it('runs one statement as the tenant and returns its rows, parameters written as literals of the right value', async () => {
      const tricky = `O'Brien \\ "quoted" $1 ; -- not a comment ü 😀`;
      const bytes = Buffer.from([0, 1, 2, 0x5c, 0x27, 255]);
      const rows = await tenants.statement<{ tenant: string; text: string; bytes: Buffer; json: { a: string }; n: string; missing: null; flag: boolean }>(
        'acme',
        `SELECT current_setting('app.tenant_id') AS tenant, $1::text AS text, $2::bytea AS bytes, $3::jsonb AS json, $4::numeric::text AS n,
                $5::text AS missing, $6::boolean AS flag`,
        [tricky, bytes, JSON.stringify({ a: tricky }), 12.5, null, true],
      );
      expect(rows).toEqual([{ tenant: 'acme', text: tricky, bytes, json: { a: tricky }, n: '12.5', missing: null, flag: true }]);
    });

    it('commits the statement, sees only the tenant’s rows, and leaves no setting on the pooled connection', async () => {
      await tenants.statement('acme', `INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ($1, $2, $3)`, ['acme', 'STATEMENT-1', 'S']);
      expect(await suppliers('STATEMENT-1')).toBe(1);
      // Row-level security applies: the row is invisible under another tenant's setting.
      await ownerQuery(owner, `INSERT INTO tenants (tenant_id, name) VALUES ('other', 'Other') ON CONFLICT DO NOTHING`);
      expect(await tenants.statement('other', `SELECT count(*)::int AS n FROM suppliers WHERE lookup_key = $1`, ['STATEMENT-1'])).toEqual([{ n: 0 }]);
      const [after] = await service.query(`SELECT coalesce(current_setting('app.tenant_id', true), '') AS tenant, now() = statement_timestamp() AS own_transaction`);
      expect(after).toEqual({ tenant: '', own_transaction: true });
    });

    it('refuses a row for another tenant (the policy check) with a QueryFailedError, and the connection stays usable', async () => {
      const error = await tenants.statement('acme', `INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ('other', 'STATEMENT-2', 'S')`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryFailedError);
      expect((error as QueryFailedError).message).toMatch(/row-level security/);
      // The statement text without inlined values is what the error carries.
      expect((error as QueryFailedError).query).not.toMatch(/set_config/);
      await expect(tenants.statement('acme', `SELECT 1 AS ok`)).resolves.toEqual([{ ok: 1 }]);
    });

    it('keeps a failing statement atomic: a unique violation leaves nothing behind and names the constraint', async () => {
      const error = await tenants
        .statement('acme', `INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ('acme', 'STATEMENT-3', 'S'), ('acme', 'STATEMENT-3', 'T')`)
        .catch((e: unknown) => e);
      expect((error as QueryFailedError & { constraint?: string }).constraint).toBe('suppliers_lookup_unique');
      expect(await suppliers('STATEMENT-3')).toBe(0);
    });

    it('refuses bad tenant ids and placeholders without a parameter before any SQL is sent', async () => {
      await expect(tenants.statement("acme', true); DROP TABLE suppliers; --", `SELECT 1`)).rejects.toThrow(/not a tenant id/);
      await expect(tenants.statement('acme', `SELECT $1::text, $2::text`, ['only one'])).rejects.toThrow(/\$2/);
      expect(await suppliers('COMMIT-1')).toBe(1);
    });
  });
  describe('statement() prepared', () => {
    const count = `SELECT count(*)::int AS n, current_setting('app.tenant_id') AS tenant FROM suppliers WHERE lookup_key = $1`;

    it('returns the same rows and values as the inlined statement', async () => {
      const tricky = `O'Brien \\ "quoted" $1 ; -- not a comment ü 😀`;
      const bytes = Buffer.from([0, 1, 2, 0x5c, 0x27, 255]);
      // Bytes for a parameter that is not bytea are the text of their hex literal, bound or inlined.
      const sql = `SELECT current_setting('app.tenant_id') AS tenant, $1::text AS text, $2::bytea AS bytes, $3::jsonb AS json, $4::numeric::text AS n,
                          $5::text AS missing, $6::boolean AS flag, $7::text AS hex`;
      const parameters = [tricky, bytes, JSON.stringify({ a: tricky }), 12.5, null, true, bytes];
      const expected = [{ tenant: 'acme', text: tricky, bytes, json: { a: tricky }, n: '12.5', missing: null, flag: true, hex: '\\x0001025c27ff' }];
      expect(await tenants.statement('acme', sql, parameters, { prepared: true })).toEqual(expected);
      expect(await tenants.statement('acme', sql, parameters, { prepared: true })).toEqual(expected);
      expect(await tenants.statement('acme', sql, parameters)).toEqual(expected);
    });

    it('binds the parameters and the tenant as values: none of them is in the text the server parses, alone or grouped', async () => {
      const text = `SELECT current_query() AS query, current_setting('app.tenant_id') AS tenant, $1::text AS marker, length($2::bytea) AS n`;
      const bytes = Buffer.alloc(10_000, 0xab);
      const run = (marker: string) => tenants.statement<{ query: string; tenant: string; marker: string; n: number }>('acme', text, [marker, bytes], { prepared: true });
      // The first goes alone, the next two wait and go as one group.
      const rows = await Promise.all([run('MARKER-ALONE'), run('MARKER-GROUP-1'), run('MARKER-GROUP-2')]);
      for (const [i, marker] of ['MARKER-ALONE', 'MARKER-GROUP-1', 'MARKER-GROUP-2'].entries()) {
        expect(rows[i]).toEqual([{ query: expect.any(String), tenant: 'acme', marker, n: 10_000 }]);
        expect(rows[i][0].query).not.toMatch(/MARKER|acme|abab/);
      }
    });

    it('applies row-level security to each execution: a plan cached under one tenant shows another tenant nothing', async () => {
      await ownerQuery(owner, `INSERT INTO tenants (tenant_id, name) VALUES ('other', 'Other') ON CONFLICT DO NOTHING`);
      await tenants.statement('acme', `INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ($1, $2, $3)`, ['acme', 'PREPARED-1', 'S'], { prepared: true });
      // More executions than PostgreSQL's five custom plans, so the generic (cached) plan runs too.
      for (let i = 0; i < 8; i++) {
        expect(await tenants.statement('acme', count, ['PREPARED-1'], { prepared: true })).toEqual([{ n: 1, tenant: 'acme' }]);
        expect(await tenants.statement('other', count, ['PREPARED-1'], { prepared: true })).toEqual([{ n: 0, tenant: 'other' }]);
      }
      const plans = await service.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE generic_plans > 0`);
      expect(plans[0].n).toBeGreaterThan(0);
      const [after] = await service.query(`SELECT coalesce(current_setting('app.tenant_id', true), '') AS tenant, now() = statement_timestamp() AS own_transaction`);
      expect(after).toEqual({ tenant: '', own_transaction: true });
    });

    it('refuses another tenant’s row and keeps a failing statement atomic, with the constraint named', async () => {
      const insert = `INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ($1, $2, $3), ($1, $4, $3)`;
      const refused = await tenants.statement('acme', insert, ['other', 'PREPARED-2', 'S', 'PREPARED-3'], { prepared: true }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(QueryFailedError);
      expect((refused as QueryFailedError).message).toMatch(/row-level security/);
      expect((refused as QueryFailedError).query).toBe(insert);
      const duplicate = await tenants.statement('acme', insert, ['acme', 'PREPARED-4', 'S', 'PREPARED-4'], { prepared: true }).catch((e: unknown) => e);
      expect((duplicate as QueryFailedError & { constraint?: string }).constraint).toBe('suppliers_lookup_unique');
      expect([await suppliers('PREPARED-2'), await suppliers('PREPARED-4')]).toEqual([0, 0]);
      await expect(tenants.statement('acme', insert, ['acme', 'PREPARED-5', 'S', 'PREPARED-6'], { prepared: true })).resolves.toEqual([]);
      expect([await suppliers('PREPARED-5'), await suppliers('PREPARED-6')]).toEqual([1, 1]);
    });

    it('prepares the statements sent so far on a new pooled connection, as the service role, before its first user gets it', async () => {
      expect(await tenants.statement('acme', count, ['PREPARED-1'], { prepared: true })).toEqual([{ n: 1, tenant: 'acme' }]);
      // One sent prepared earlier whose table is gone: it cannot be prepared any more.
      await ownerQuery(owner, `CREATE TABLE prepared_gone (tenant_id text NOT NULL)`);
      await ownerQuery(owner, `GRANT SELECT ON prepared_gone TO invoice_service`);
      const gone = `SELECT count(*)::int AS n FROM prepared_gone WHERE tenant_id = $1`;
      expect(await tenants.statement('acme', gone, ['acme'], { prepared: true })).toEqual([{ n: 0 }]);
      await ownerQuery(owner, `DROP TABLE prepared_gone`);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        await onServiceConnect(client);
        const { rows } = await client.query<{ user: string; statement: string; types: string[] }>(
          `SELECT current_user AS user, statement, parameter_types::text[] AS types FROM pg_prepared_statements WHERE statement LIKE '%' || $1`,
          [count],
        );
        expect(rows.map((r) => ({ ...r, statement: r.statement.replace(/^PREPARE s_[0-9a-f]{32} AS /, '') }))).toContainEqual({ user: 'invoice_service', statement: count, types: ['text'] });
        // The one that cannot be prepared is left out; the connection is usable, outside any transaction.
        const left = await client.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE '%prepared_gone%'`);
        expect(left.rows).toEqual([{ n: 0 }]);
        await expect(client.query(`SELECT 1 AS ok, now() = statement_timestamp() AS own_transaction`)).resolves.toMatchObject({ rows: [{ ok: 1, own_transaction: true }] });
      } finally {
        await client.end();
      }
    });

    it('prepares again when the connection lost its prepared statements (DEALLOCATE ALL)', async () => {
      expect(await tenants.statement('acme', count, ['PREPARED-1'], { prepared: true })).toEqual([{ n: 1, tenant: 'acme' }]);
      // Drop the statements on every connection of the pool (all of them held at once).
      const size = (service.options as { poolSize?: number }).poolSize ?? 1;
      const runners = Array.from({ length: size }, () => service.createQueryRunner());
      try {
        for (const runner of runners) await runner.query('DEALLOCATE ALL');
      } finally {
        for (const runner of runners) await runner.release();
      }
      expect(await tenants.statement('acme', count, ['PREPARED-1'], { prepared: true })).toEqual([{ n: 1, tenant: 'acme' }]);
    });

    it('replaces a prepared statement whose row type a migration changed', async () => {
      await ownerQuery(owner, `CREATE TABLE prepared_probe (tenant_id text NOT NULL, n integer NOT NULL)`);
      await ownerQuery(owner, `GRANT SELECT ON prepared_probe TO invoice_service`);
      await ownerQuery(owner, `INSERT INTO prepared_probe VALUES ('acme', 7)`);
      const read = `SELECT * FROM prepared_probe WHERE tenant_id = $1`;
      expect(await tenants.statement('acme', read, ['acme'], { prepared: true })).toEqual([{ tenant_id: 'acme', n: 7 }]);
      await ownerQuery(owner, `ALTER TABLE prepared_probe ALTER COLUMN n TYPE text`);
      // Every pooled connection that prepared it gets the same answer after the change.
      const size = (service.options as { poolSize?: number }).poolSize ?? 1;
      for (let i = 0; i < size + 1; i++) {
        expect(await tenants.statement('acme', read, ['acme'], { prepared: true })).toEqual([{ tenant_id: 'acme', n: '7' }]);
      }
    });

    describe('group commit', () => {
      const insert = `INSERT INTO suppliers (tenant_id, lookup_key, name) VALUES ($1, $2, $3)
                      RETURNING tenant_id, lookup_key, current_setting('app.tenant_id') AS tenant, pg_current_xact_id()::text AS txid`;
      const at = (tenantId: string, key: string, lockOrder?: string) => tenants.statement<{ tenant_id: string; lookup_key: string; tenant: string; txid: string }>(
        tenantId, insert, [tenantId, key, 'S'], { prepared: true, lockOrder },
      );

      beforeAll(async () => {
        await ownerQuery(owner, `INSERT INTO tenants (tenant_id, name) VALUES ('other', 'Other') ON CONFLICT DO NOTHING`);
      });

      it('commits statements that wait for a group together, each under its own tenant, each caller with its own rows', async () => {
        // The first goes at once on its own; the others wait for it and go as one group.
        const keys = Array.from({ length: 10 }, (_, i) => ({ tenantId: i % 2 === 0 ? 'acme' : 'other', key: `GROUP-${i}` }));
        const rows = await Promise.all(keys.map(({ tenantId, key }) => at(tenantId, key)));
        rows.forEach((r, i) => expect(r).toEqual([{ tenant_id: keys[i].tenantId, lookup_key: keys[i].key, tenant: keys[i].tenantId, txid: expect.any(String) }]));
        const transactions = new Set(rows.map((r) => r[0].txid));
        expect(transactions.size).toBe(2);
        // Row-level security held for each statement of a group: each tenant sees its own five.
        const seen = async (tenantId: string) => (await tenants.statement<{ n: number }>(tenantId, `SELECT count(*)::int AS n FROM suppliers WHERE lookup_key LIKE 'GROUP-%'`))[0].n;
        expect([await seen('acme'), await seen('other')]).toEqual([5, 5]);
        const [after] = await service.query(`SELECT coalesce(current_setting('app.tenant_id', true), '') AS tenant`);
        expect(after).toEqual({ tenant: '' });
      });

      it('runs a group again statement by statement when one fails: only that one fails, the others commit', async () => {
        await at('acme', 'GROUP-TAKEN');
        const keys = ['GROUP-A', 'GROUP-B', 'GROUP-TAKEN', 'GROUP-C', 'GROUP-D', 'GROUP-E'];
        const outcomes = await Promise.all(keys.map((key) => at('acme', key).then((r) => r[0].lookup_key, (e: unknown) => e)));
        expect(outcomes.filter((o) => typeof o === 'string')).toEqual(keys.filter((k) => k !== 'GROUP-TAKEN'));
        const refused = outcomes[2] as QueryFailedError & { constraint?: string };
        expect(refused).toBeInstanceOf(QueryFailedError);
        expect(refused.constraint).toBe('suppliers_lookup_unique');
        for (const key of keys) expect({ key, n: await suppliers(key) }).toEqual({ key, n: 1 });
      });

      it('gives every statement of a group the error when its connection is lost, and sends none of them again', async () => {
        if (database.kind === 'embedded') return; // PGlite's sockets share one session: no backend to end
        // The first goes alone; the insert and the sleeper wait for it and go as one group, which the sleeper keeps busy.
        const first = at('acme', 'GROUP-LOST-0');
        const insert = at('acme', 'GROUP-LOST-1').catch((e: unknown) => e);
        const sleeper = tenants.statement('acme', `SELECT pg_sleep(60) WHERE $1::text IS NOT NULL`, ['GROUP-LOST-2'], { prepared: true }).catch((e: unknown) => e);
        await first;
        // The parameters are bound, not in the text: the sleeper is found by its statement's text.
        const sleeping = `SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%pg_sleep(60) WHERE%' AND pid <> pg_backend_pid()`;
        let rows: Array<{ pid: number }> = [];
        // Polled from another connection: a transaction keeps its first view of pg_stat_activity.
        while (rows.length === 0) rows = await ownerQuery(owner, sleeping);
        await ownerQuery(owner, `SELECT pg_terminate_backend($1)`, [rows[0].pid]);
        const [insertError, sleeperError] = await Promise.all([insert, sleeper]);
        expect(insertError).toMatchObject({ code: '57P01' });
        expect(sleeperError).toBe(insertError);
        expect(await suppliers('GROUP-LOST-1')).toBe(0);
        // The pool replaced the connection: the next statements work.
        expect(await at('acme', 'GROUP-LOST-3')).toEqual([expect.objectContaining({ lookup_key: 'GROUP-LOST-3' })]);
      });

      it('bounds how long a group waits for a row lock: the others commit at once, the waiting one on its own once the lock is free', async () => {
        if (database.kind === 'embedded') return; // PGlite's sockets share one session: no lock waits
        await ownerQuery(owner, `CREATE TABLE group_lock_probe (tenant_id text NOT NULL)`);
        await ownerQuery(owner, `INSERT INTO group_lock_probe VALUES ('acme')`);
        await ownerQuery(owner, `GRANT SELECT, UPDATE ON group_lock_probe TO invoice_service`);
        const locker = new Client({ connectionString: database.url });
        await locker.connect();
        try {
          await locker.query(`BEGIN; SELECT * FROM group_lock_probe FOR UPDATE`);
          // The first goes alone; the update (acme) and another tenant's insert wait for it and go as one group.
          const first = at('acme', 'GROUP-BOUND-0');
          let updated = false;
          const update = tenants
            .statement('acme', `UPDATE group_lock_probe SET tenant_id = tenant_id WHERE $1::text IS NOT NULL RETURNING tenant_id`, ['GROUP-BOUND-1'], { prepared: true })
            .then((rows) => ((updated = true), rows));
          const other = at('other', 'GROUP-BOUND-2');
          await first;
          // The other tenant's statement commits while the lock is still held: the group gave up waiting and ran again one by one.
          expect(await other).toEqual([expect.objectContaining({ tenant_id: 'other', lookup_key: 'GROUP-BOUND-2' })]);
          expect(updated).toBe(false);
          await locker.query('COMMIT');
          expect(await update).toEqual([{ tenant_id: 'acme' }]);
        } finally {
          await locker.end();
        }
      });

      it('sends the statements of a group in lock order (those without one first)', async () => {
        await ownerQuery(owner, `CREATE TABLE group_order (tenant_id text NOT NULL, key text NOT NULL, seq bigserial)`);
        await ownerQuery(owner, `GRANT SELECT, INSERT ON group_order TO invoice_service`);
        await ownerQuery(owner, `GRANT USAGE ON SEQUENCE group_order_seq_seq TO invoice_service`);
        const add = (key: string, lockOrder?: string) => tenants.statement('acme', `INSERT INTO group_order (tenant_id, key) VALUES ($1, $2)`, ['acme', key], { prepared: true, lockOrder });
        // The first goes alone; the rest wait and go as one group.
        await Promise.all([add('first'), add('second'), add('c', 'c'), add('a', 'a'), add('none'), add('b', 'b')]);
        const order = await ownerQuery<Array<{ key: string }>>(owner, `SELECT key FROM group_order ORDER BY seq`);
        expect(order.map((r) => r.key).filter((key) => key !== 'first' && key !== 'second')).toEqual(['none', 'a', 'b', 'c']);
      });
    });

    it('refuses a parameter count that does not match the text before any SQL is sent', async () => {
      await expect(tenants.statement('acme', `SELECT $1::text, $2::text`, ['only one'], { prepared: true })).rejects.toThrow(/\$2/);
      await expect(tenants.statement("acme', true); --", `SELECT 1`, [], { prepared: true })).rejects.toThrow(/not a tenant id/);
    });
  });
});
