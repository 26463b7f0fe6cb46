import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** The tenant id format (the tenants table's CHECK constraint): safe to write as a SQL literal. */
const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * The one way the service touches tenant-owned tables: a transaction whose `app.tenant_id`
 * setting (transaction-local, set_config(…, true)) names the tenant, so the row-level security
 * policies show and accept only that tenant's rows. The setting ends with the transaction and
 * never leaks to the next user of the pooled connection.
 *
 * BEGIN and the setting travel in one simple-protocol message (one round trip instead of two;
 * a run makes five of these transactions). The tenant id is checked against the tenants table's
 * own format before it is written as a literal.
 */
@Injectable()
export class TenantDatabase {
  constructor(private readonly dataSource: DataSource) {}

  async transaction<T>(tenantId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!TENANT_ID.test(tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(tenantId)}`);
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.query(`START TRANSACTION; SELECT set_config('app.tenant_id', '${tenantId}', true)`);
    } catch (error) {
      // BEGIN may have run before the failure: leave the connection clean for the pool.
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
      throw error;
    }
    markTransactionStarted(runner);
    try {
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}

/**
 * Tells TypeORM's query runner that a transaction is open, as its own startTransaction() would
 * after sending START TRANSACTION: repository calls inside then join it instead of opening one,
 * and commitTransaction()/rollbackTransaction() end it. (TypeORM 1.x keeps the depth in a
 * protected field; the tenant-transaction tests fail if that ever changes.)
 */
function markTransactionStarted(runner: QueryRunner): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = true;
  state.transactionDepth = 1;
}
