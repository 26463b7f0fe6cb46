import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient, QueryResult } from 'pg';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { inlineParameters, sqlLiteral, type SqlValue } from './sql-literal';

/** How statement() sends a statement: as text (default), or as a named prepared statement of the connection. */
export interface StatementOptions {
  /**
   * For the hot path's fixed statement texts: PREPAREd once per connection (the name derives from
   * the text), then `EXECUTE name(<literals>)`, still after the tenant setting in one message and
   * one implicit transaction. The server parses, rewrites (row-level security) and plans the text
   * once per connection instead of on every call. Each `$n` must have one type wherever it stands.
   */
  prepared?: boolean;
}

/** Names of the statements each pooled connection has PREPAREd (the pg Client: a new connection starts empty). */
const preparedOn = new WeakMap<object, Set<string>>();

/** SQLSTATEs of a prepared statement that is missing on the connection (26000) or already there (42P05). */
const NO_SUCH_PREPARED_STATEMENT = '26000';
const DUPLICATE_PREPARED_STATEMENT = '42P05';
/** feature_not_supported, as PostgreSQL answers an EXECUTE whose statement's row type a migration changed. */
const STALE_RESULT_TYPE = '0A000';

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
   * need exactly one statement; anything more goes through transaction(). With `prepared` the text
   * is a prepared statement of the connection and the message is `SELECT set_config(…); EXECUTE
   * name(<literals>)`: the same single implicit transaction, without parsing and planning the text.
   */
  async statement<T = Record<string, unknown>>(tenantId: string, sql: string, parameters: readonly SqlValue[] = [], options: StatementOptions = {}): Promise<T[]> {
    assertTenantId(tenantId);
    const setting = `SELECT set_config('app.tenant_id', '${tenantId}', true); `;
    const name = options.prepared ? preparedText(sql, parameters.length) : undefined;
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      if (name === undefined) {
        const results = (await client.query(setting + inlineParameters(sql, parameters))) as unknown as QueryResult[];
        return results[results.length - 1].rows as T[];
      }
      const execute = `${setting}EXECUTE ${name}${parameters.length > 0 ? `(${parameters.map(sqlLiteral).join(', ')})` : ''}`;
      const run = async (): Promise<T[]> => {
        await prepare(client, name, sql);
        const results = (await client.query(execute)) as unknown as QueryResult[];
        return results[results.length - 1].rows as T[];
      };
      return await run().catch(async (error: unknown) => {
        // The failed message changed nothing (one implicit transaction), so it can be sent again, once:
        // - a DISCARD or DEALLOCATE on this connection dropped the statement: prepare it again;
        // - a migration changed the type of a column it returns: PostgreSQL re-plans a prepared
        //   statement after DDL by itself but refuses a new row type on every EXECUTE, so replace it.
        if (hasCode(error, STALE_RESULT_TYPE) && /cached plan must not change result type/.test(String((error as Error).message))) {
          await client.query(`DEALLOCATE ${name}`);
        } else if (!hasCode(error, NO_SUCH_PREPARED_STATEMENT)) {
          throw error;
        }
        preparedOn.get(client)?.delete(name);
        return run();
      });
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

/** Name and parameter count of each statement text sent prepared (the hot path's few fixed texts). */
const preparedTexts = new Map<string, { name: string; arity: number }>();

/**
 * `s_` + 128 bits of the text's SHA-256 (the same text gets the same name on every connection), and
 * how many parameters the text uses: EXECUTE gets exactly that many, as inlining would require.
 */
function preparedText(sql: string, parameters: number): string {
  let known = preparedTexts.get(sql);
  if (!known) {
    const arity = Math.max(0, ...Array.from(sql.matchAll(/\$(\d+)/g), (m) => Number(m[1])));
    known = { name: `s_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`, arity };
    preparedTexts.set(sql, known);
  }
  if (known.arity !== parameters) throw new RangeError(`statement uses $${known.arity} but has ${parameters} parameters`);
  return known.name;
}

/**
 * PREPAREs the statement on the connection unless it did already. On its own, not in the message of
 * the statement: a PREPARE in a failed message would be unknown to have happened. A server whose
 * session several sockets share (PGlite's socket server) may hold it already (same name, same
 * text): looked up first rather than answered with an error, since there an error would also abort
 * a transaction another socket has open in that session.
 */
async function prepare(client: PoolClient, name: string, sql: string): Promise<void> {
  let names = preparedOn.get(client);
  if (names?.has(name)) return;
  try {
    const existing = await client.query({ text: 'SELECT 1 FROM pg_prepared_statements WHERE name = $1', values: [name] });
    if (existing.rowCount === 0) await client.query(`PREPARE ${name} AS ${sql}`);
  } catch (error) {
    if (!hasCode(error, DUPLICATE_PREPARED_STATEMENT)) throw error;
  }
  if (!names) preparedOn.set(client, (names = new Set()));
  names.add(name);
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
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
