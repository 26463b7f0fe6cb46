import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The platform-level counterpart of TenantDatabase: the one way repositories reach platform
 * tables (no tenant_id, no row-level security: configurations, the module catalogue, fallback
 * policies, the audit trail) and the SECURITY DEFINER functions that look across tenants (the run
 * queue's claim and lease renewal).
 *
 * - `statement(sql, parameters, tx?)`: one statement, on its own (one round trip, its own implicit
 *   transaction) or in the caller's transaction; the rows come back (RETURNING rows for UPDATE/DELETE).
 * - `transaction(work)`: a transaction a service opens when a change spans repositories; it hands
 *   the manager to each repository method, which joins it.
 * - `manager`: what a repository method uses when its caller gave it no transaction (each call
 *   its own implicit transaction).
 *
 * Repository methods take the caller's transaction as an optional last argument `tx`; services
 * never touch the manager themselves, they only pass it on.
 */
@Injectable()
export class PlatformDatabase {
  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async statement<T = Record<string, unknown>>(sql: string, parameters: readonly unknown[] = [], tx?: EntityManager): Promise<T[]> {
    return rowsOf<T>(await (tx ?? this.dataSource.manager).query<unknown>(sql, [...parameters]));
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}

/** TypeORM answers UPDATE and DELETE with [rows, affected], anything else with the rows: the rows either way. */
function rowsOf<T>(result: unknown): T[] {
  const value = result as unknown[];
  return (Array.isArray(value) && value.length === 2 && Array.isArray(value[0]) && typeof value[1] === 'number' ? value[0] : value) as T[];
}
