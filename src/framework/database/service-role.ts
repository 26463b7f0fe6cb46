import type { EntityManager } from 'typeorm';
import { LifecycleError } from '../errors';
import { prepareKnownStatements } from './tenant-database';

/**
 * The database role every service connection acts as: created by the TenantIsolation migration,
 * neither superuser nor BYPASSRLS nor owner of a table, so row-level security applies to it.
 */
export const SERVICE_DB_ROLE = 'invoice_service';

/**
 * pg-pool's onConnect hook: runs before a new connection is handed out, so no query of the
 * service ever runs as the login user. Connecting as the role itself (a LOGIN role in
 * DATABASE_URL, migrations with DB_MIGRATION_URL) makes this a no-op, and is what production
 * should do: then nothing in the session can switch back to a more powerful role.
 */
export async function actAsServiceRole(client: { query(sql: string): Promise<unknown> }): Promise<void> {
  await client.query(`SET ROLE ${SERVICE_DB_ROLE}`);
}

/** Refuses to run when the connection's effective role would bypass row-level security. */
export async function assertServiceRole(db: Pick<EntityManager, 'query'>): Promise<void> {
  const [role] = await db.query<Array<{ name: string; superuser: boolean; bypassrls: boolean; owns: boolean }>>(
    `SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
            EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relowner = r.oid) AS owns
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  if (!role || role.superuser || role.bypassrls || role.owns) {
    throw new LifecycleError(
      `the service's database role ${role?.name ?? '(unknown)'} would bypass row-level security ` +
        `(superuser, BYPASSRLS or table owner); it must act as ${SERVICE_DB_ROLE}`,
      'database',
    );
  }
}

/**
 * pg-pool's onConnect hook of the service's pool: the service role first (actAsServiceRole), then
 * the hot path's prepared statements known so far (prepareKnownStatements), both before the new
 * connection's first user gets it.
 */
export async function onServiceConnect(client: Parameters<typeof prepareKnownStatements>[0]): Promise<void> {
  await actAsServiceRole(client);
  await prepareKnownStatements(client);
}
