import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient, QueryResult } from 'pg';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { runPipeline, type PipelineStep } from './prepared-pipeline';
import { hexText, inlineParameters, parameterValue, type SqlValue } from './sql-literal';

/** How statement() sends a statement: as text (default), or as a named prepared statement of the connection. */
export interface StatementOptions {
  /**
   * For the hot path's fixed statement texts: PREPAREd once per connection (the name derives from
   * the text), then executed with the extended protocol (Bind with the parameters as values, bytes
   * in binary format, and Execute), after the tenant setting (itself a prepared statement) and in
   * one implicit transaction with it (one Sync). The server parses, rewrites (row-level security)
   * and plans the text once per connection instead of on every call, and reads no parameter out of
   * a text. Each `$n` must have one type wherever it stands. Prepared statements are also
   * group-committed: while GROUPS_IN_FLIGHT groups are in flight, the next ones wait and go
   * together (see TenantDatabase.sendGroups).
   */
  prepared?: boolean;
  /**
   * For a prepared statement that locks rows a multi-row statement (the lease renewal) also locks:
   * the statements of one group commit run in ascending order of this key (those without one first),
   * the order in which the renewal locks its rows, so the two never wait on each other in a cycle.
   */
  lockOrder?: string;
}

/**
 * Group commit of the prepared (hot path) statements: at most this many groups are in flight per
 * process; statements that arrive meanwhile wait and go together in the next group, one message
 * and one transaction (and one commit) for all of them. With nothing in flight a statement goes at
 * once, alone: no timer, no added latency when idle. One group in flight batches the most: 16
 * concurrent submissions on the 2-core development VM, alternating, 0.67-0.75 commits per invoice
 * with 1 group in flight (PostgreSQL 1.48-1.73 ms per invoice), 1.35 with 2 (1.88-1.91 ms), 1.74-1.93
 * with 4 (1.87-2.24 ms), 3.1 without groups (2.42-2.46 ms), at the same throughput and latency.
 */
const GROUPS_IN_FLIGHT = 1;
/** At most this many statements per group (the largest is a submission's ~21 KB). */
const GROUP_SIZE = 32;
/**
 * How long a group's statement may wait for a row lock (lock_timeout, for the group's transaction
 * only). A statement that waits on a lock (a duplicate fingerprint another process is inserting, an
 * invoice an approver holds) would hold back every other statement of its group, other tenants'
 * too; past this bound the group is refused (55P03) and runs again statement by statement, where
 * only the waiting statement waits, without a bound, as it did before groups.
 */
const GROUP_LOCK_TIMEOUT_MS = 100;
/** Opens a group: the lock bound, transaction-local like the tenant settings after it (a prepared statement too). */
const LOCK_BOUND = `SELECT set_config('lock_timeout', '${GROUP_LOCK_TIMEOUT_MS}ms', true)`;
/** The transaction-local tenant setting before a prepared statement (or a run of them of one tenant): the tenant id is its parameter. */
const TENANT_SETTING = `SELECT set_config('app.tenant_id', $1, true)`;

/**
 * The statements each pooled connection has PREPAREd (the pg Client: a new connection starts
 * empty), each with which of its parameters are bytea (those get bytes in binary format).
 */
const preparedOn = new WeakMap<object, Map<string, boolean[]>>();

/** SQLSTATEs of a prepared statement that is missing on the connection (26000) or already there (42P05). */
const NO_SUCH_PREPARED_STATEMENT = '26000';
const DUPLICATE_PREPARED_STATEMENT = '42P05';
/** feature_not_supported, as PostgreSQL answers an EXECUTE (or Bind) of a statement whose row type a migration changed. */
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
  private readonly waiting: Grouped[] = [];
  private groupsInFlight = 0;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * One statement as the tenant, in one round trip: `SELECT set_config(…, true); <statement>` in a
   * single simple-protocol message is one implicit transaction, so the setting covers the statement
   * and ends with it, and a failure rolls both back. The parameters are written into the text as
   * literals (sql-literal.ts); the rows of the statement are returned. For the hot paths that
   * need exactly one statement; anything more goes through transaction(). With `prepared` the text
   * is a prepared statement of the connection, executed with the extended protocol after the
   * prepared tenant setting, both bound to their parameters (no literal text; bytes in binary
   * format) and followed by one Sync: the same single implicit transaction, without parsing and
   * planning the text or reading the parameters out of it, shared with other prepared statements
   * of this process that were waiting at the same time (group commit: one write, one transaction,
   * one commit; each statement under its own tenant setting).
   */
  async statement<T = Record<string, unknown>>(tenantId: string, sql: string, parameters: readonly SqlValue[] = [], options: StatementOptions = {}): Promise<T[]> {
    assertTenantId(tenantId);
    if (!options.prepared) return this.single<T>(tenantId, sql, parameters);
    const name = preparedText(sql, parameters.length);
    const values = parameters.map(parameterValue);
    return new Promise<T[]>((resolve, reject) => {
      this.waiting.push({ tenantId, sql, name, values, lockOrder: options.lockOrder, resolve: resolve as (rows: unknown[]) => void, reject });
      this.sendGroups();
    });
  }

  /**
   * Sends what waits as groups while fewer than GROUPS_IN_FLIGHT are in flight. A group of several
   * statements is one write of extended-protocol messages with one Sync at the end (runPipeline):
   * the lock bound, the tenant setting, the statement, the next tenant's setting (left out when the
   * tenant is the same), the next statement…, each a prepared statement of the connection bound to
   * its parameters: one implicit transaction, whose row-lock waits are bounded
   * (GROUP_LOCK_TIMEOUT_MS), each statement under its own tenant's setting (set_config(…, true)
   * holds until the next one), one commit for all. If the
   * server refuses any of them, the whole group was rolled back, and each statement runs again on
   * its own, so one statement's failure never changes another's outcome. If the connection fails,
   * whether the group committed is unknown: each caller gets the error, as a single statement's would.
   */
  private sendGroups(): void {
    while (this.groupsInFlight < GROUPS_IN_FLIGHT && this.waiting.length > 0) {
      const group = this.waiting.splice(0, GROUP_SIZE);
      this.groupsInFlight++;
      void this.sendGroup(group)
        // Not expected (sendGroup settles every caller itself); a caller already settled ignores this.
        .catch((error: unknown) => group.forEach((statement) => statement.reject(error)))
        .finally(() => {
          this.groupsInFlight--;
          this.sendGroups();
        });
    }
  }

  private async sendGroup(group: Grouped[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group;
      await this.single(only.tenantId, only.sql, [], only).then(only.resolve, only.reject);
      return;
    }
    const ordered = inLockOrder(group);
    let results: unknown[][];
    const runner = this.dataSource.createQueryRunner();
    let client: PoolClient | undefined;
    try {
      client = (await runner.connect()) as PoolClient;
      results = await executePrepared(client, ordered, true);
    } catch (error) {
      if (client && (hasCode(error, NO_SUCH_PREPARED_STATEMENT) || hasCode(error, STALE_RESULT_TYPE))) await forgetPrepared(client, ordered);
      if (client && !isServerError(error)) discard(client);
      await runner.release();
      if (!isServerError(error)) {
        this.dataSource.logger.logQueryError(error instanceof Error ? error : String(error), `group of ${ordered.length} statements`, undefined, runner);
        for (const statement of ordered) statement.reject(error);
        return;
      }
      // Rolled back as a whole: each on its own now (with the single path's retries and error reporting).
      await Promise.all(ordered.map((statement) => this.single(statement.tenantId, statement.sql, [], statement).then(statement.resolve, statement.reject)));
      return;
    }
    await runner.release();
    ordered.forEach((statement, i) => statement.resolve(results[i]));
  }

  /**
   * One statement in its own message and transaction; `prepared`: as that prepared statement with
   * those values, after the tenant setting, in one pipeline (one Sync), without the group's lock bound.
   */
  private async single<T>(tenantId: string, sql: string, parameters: readonly SqlValue[], prepared?: Prepared): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    let client: PoolClient | undefined;
    try {
      client = (await runner.connect()) as PoolClient;
      if (prepared === undefined) {
        const results = (await client.query(tenantSetting(tenantId) + inlineParameters(sql, parameters))) as unknown as QueryResult[];
        return results[results.length - 1].rows as T[];
      }
      const { name } = prepared;
      const connection = client;
      const run = async (): Promise<T[]> => (await executePrepared(connection, [prepared], false))[0] as T[];
      return await run().catch(async (error: unknown) => {
        // The failed message changed nothing (one implicit transaction), so it can be sent again, once:
        // - a DISCARD or DEALLOCATE on this connection dropped the statement: prepare it again;
        // - a migration changed the type of a column it returns: PostgreSQL re-plans a prepared
        //   statement after DDL by itself but refuses a new row type on every EXECUTE, so replace it.
        if (hasCode(error, STALE_RESULT_TYPE) && /cached plan must not change result type/.test(String((error as Error).message))) {
          await connection.query(`DEALLOCATE ${name}`);
          preparedOn.get(connection)?.delete(name);
        } else if (hasCode(error, NO_SUCH_PREPARED_STATEMENT)) {
          // A DISCARD or DEALLOCATE ALL drops them all (the settings too): each is looked up again.
          preparedOn.delete(connection);
        } else {
          throw error;
        }
        return run();
      });
    } catch (error) {
      // The same error type and fields (constraint, code) as a statement run through TypeORM;
      // the statement's own text, not the inlined one, so no parameter ends up in a log line.
      this.dataSource.logger.logQueryError(error instanceof Error ? error : String(error), sql, undefined, runner);
      if (client && !isServerError(error)) discard(client);
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
 * Runs the statements (each prepared first where it is not yet) in one pipeline on the client: with
 * `bounded` the group's lock bound first, then each statement after its tenant's setting (left out
 * when the statement before had the same tenant). One implicit transaction, one commit, one round
 * trip. Returns each statement's rows.
 */
async function executePrepared(client: PoolClient, statements: readonly Prepared[], bounded: boolean): Promise<unknown[][]> {
  const steps: PipelineStep[] = [];
  if (bounded) {
    const name = preparedText(LOCK_BOUND, 0);
    await prepared(client, name, LOCK_BOUND);
    steps.push({ name, values: [], rows: false });
  }
  const setting = preparedText(TENANT_SETTING, 1);
  await prepared(client, setting, TENANT_SETTING);
  const at: number[] = [];
  let tenant: string | undefined;
  for (const statement of statements) {
    const bytea = await prepared(client, statement.name, statement.sql);
    if (statement.tenantId !== tenant) {
      steps.push({ name: setting, values: [statement.tenantId], rows: false });
      tenant = statement.tenantId;
    }
    at.push(steps.length);
    // Bytes go in binary format to a bytea parameter; to any other as the text a hex literal holds.
    const values = statement.values.map((value, i) => (Buffer.isBuffer(value) && !bytea[i] ? hexText(value) : value));
    steps.push({ name: statement.name, values, rows: true });
  }
  const results = await runPipeline(client, steps);
  return at.map((i) => results[i]);
}

/**
 * PREPAREs on a new pooled connection, before its first user gets it (pg-pool's onConnect, see
 * onServiceConnect), every statement this process has sent prepared so far. Otherwise the first
 * group commit on a connection new to it stopped to prepare them (a lookup, PREPARE and a lookup
 * each: 35-60 ms on the 2-core VM under load) while every statement of the group, and all that
 * queued behind it, waited: a new connection added to the pool by other work (a burst of requests
 * of another kind, one pg-pool opened after closing an idle one) made a cluster of slow invoices
 * (docs/performance.md, session 13). Now the connection's first user waits, once. A statement that
 * cannot be prepared there is left to be prepared on first use, as before.
 */
export async function prepareKnownStatements(client: Queryable): Promise<void> {
  for (const [sql, { name }] of [...preparedTexts]) {
    try {
      await prepared(client, name, sql);
    } catch {
      // Prepared on its first use there instead (and that use reports any error).
    }
  }
}

/** What preparing needs of a connection (a pooled client, or a new one in pg-pool's onConnect). */
type Queryable = Pick<PoolClient, 'query'>;

/** Which parameters of the connection's prepared statement are bytea, preparing it first if need be. */
function prepared(client: Queryable, name: string, sql: string): boolean[] | Promise<boolean[]> {
  return preparedOn.get(client)?.get(name) ?? prepare(client, name, sql);
}

/**
 * PREPAREs the statement on the connection unless it did already, and reads its parameter types.
 * On its own, not in the pipeline of the statement: a PREPARE in a failed pipeline would be unknown
 * to have happened. A server whose session several sockets share (PGlite's socket server) may hold
 * it already (same name, same text): looked up first rather than answered with an error, since
 * there an error would also abort a transaction another socket has open in that session.
 */
async function prepare(client: Queryable, name: string, sql: string): Promise<boolean[]> {
  const lookup = { text: 'SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = $1', values: [name] };
  let existing = await client.query<{ types: string[] }>(lookup);
  if (existing.rowCount === 0) {
    try {
      await client.query(`PREPARE ${name} AS ${sql}`);
    } catch (error) {
      if (!hasCode(error, DUPLICATE_PREPARED_STATEMENT)) throw error;
    }
    existing = await client.query<{ types: string[] }>(lookup);
  }
  const bytea = (existing.rows[0]?.types ?? []).map((type) => type === 'bytea');
  let statements = preparedOn.get(client);
  if (!statements) preparedOn.set(client, (statements = new Map<string, boolean[]>()));
  statements.set(name, bytea);
  return bytea;
}

/**
 * After a group failed because a statement was missing on its connection or its row type changed:
 * the connection's statements of the group are prepared again on their next use there, and the
 * others (the settings) looked up again.
 */
async function forgetPrepared(client: PoolClient, group: Grouped[]): Promise<void> {
  preparedOn.delete(client);
  for (const name of new Set(group.map((statement) => statement.name))) await client.query(`DEALLOCATE ${name}`).catch(() => undefined);
}

/**
 * A connection that failed under a statement (ended by the server, cut off) leaves the pool when it
 * is released instead of going to the next caller: the server's FATAL answer can arrive before the
 * socket's end, and pg-pool keeps a released client it still takes for queryable.
 */
function discard(client: PoolClient): void {
  void client.end().catch(() => undefined);
}

/** A prepared statement to execute: the tenant, its text and name, its parameters as values to bind. */
interface Prepared {
  tenantId: string;
  sql: string;
  name: string;
  values: ReadonlyArray<string | Buffer | null>;
}

/** A prepared statement waiting for its group. */
interface Grouped extends Prepared {
  lockOrder: string | undefined;
  resolve: (rows: unknown[]) => void;
  reject: (error: unknown) => void;
}

/** The group in send order: statements without a lock order first (as they came), then by lock order. */
function inLockOrder(group: Grouped[]): Grouped[] {
  if (group.every((statement) => statement.lockOrder === undefined)) return group;
  return [...group].sort((a, b) => (a.lockOrder === b.lockOrder ? 0 : a.lockOrder === undefined ? -1 : b.lockOrder === undefined ? 1 : a.lockOrder < b.lockOrder ? -1 : 1));
}

/** The transaction-local tenant setting that opens each statement's part of a message. */
function tenantSetting(tenantId: string): string {
  return `SELECT set_config('app.tenant_id', '${tenantId}', true); `;
}

/**
 * An error a statement failed with (the server rolled its transaction back and the connection
 * lives on), not a lost connection: not FATAL or PANIC, no connection exception (08…), no
 * termination by the server (57P0…, e.g. pg_terminate_backend or a shutdown), where whether the
 * group committed may be unknown.
 */
function isServerError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { severity, code } = error as { severity?: unknown; code?: unknown };
  return typeof severity === 'string' && typeof code === 'string' && severity !== 'FATAL' && severity !== 'PANIC' && !code.startsWith('08') && !code.startsWith('57P0');
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
