import { Injectable } from '@nestjs/common';
import type { PoolClient, QueryResult } from 'pg';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { inlineParameters, type SqlValue } from './sql-literal';

/** The tenant id format (the tenants table's CHECK constraint): safe to write as a SQL literal. */
const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * The one way the service touches tenant-owned tables: a transaction whose `app.tenant_id`
 * setting (transaction-local, set_config(…, true)) names the tenant, so the row-level security
 * policies show and accept only that tenant's rows. The setting ends with the transaction and
 * never leaks to the next user of the pooled connection.
 *
 * BEGIN and the setting travel in one simple-protocol message (one round trip instead of two).
 * A single statement needs no BEGIN at all: `statement()` sends the setting and the statement in
 * one message, which PostgreSQL runs as one implicit transaction (one round trip instead of three).
 * The tenant id is checked against the tenants table's own format before it is written as a literal.
 */
@Injectable()
export class TenantDatabase {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One statement as the tenant, in one round trip: `SELECT set_config(…, true); <statement>` in a
   * single simple-protocol message is one implicit transaction, so the setting covers the statement
   * and ends with it, and a failure rolls both back. The parameters are written into the text as
   * literals (sql-literal.ts); the rows of the statement are returned. For the hot paths that
   * need exactly one statement; anything more goes through transaction().
   */
  async statement<T = Record<string, unknown>>(tenantId: string, sql: string, parameters: readonly SqlValue[] = []): Promise<T[]> {
    assertTenantId(tenantId);
    const text = `SELECT set_config('app.tenant_id', '${tenantId}', true); ${inlineParameters(sql, parameters)}`;
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      const results = (await client.query(text)) as unknown as QueryResult[];
      return results[results.length - 1].rows as T[];
    } catch (error) {
      // The same error type and fields (constraint, code) as a statement run through TypeORM;
      // the statement's own text, not the inlined one, so no parameter ends up in a log line.
      this.dataSource.logger.logQueryError(error instanceof Error ? error : String(error), sql, undefined, runner);
      throw error instanceof Error && 'severity' in error ? new QueryFailedError(sql, undefined, error) : error;
    } finally {
      await runner.release();
    }
  }

  async transaction<T>(tenantId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    assertTenantId(tenantId);
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

function assertTenantId(tenantId: string): void {
  if (!TENANT_ID.test(tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(tenantId)}`);
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
