import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change of the suppliers table sends `NOTIFY suppliers_changed, '<tenant_id>'` (issue 17):
 * each replica's supplier lookup cache drops that tenant's entries, whichever replica, tool or
 * operator (direct SQL) wrote the row. A row-level trigger, so the payload names the tenant (a
 * transaction that changes many rows of one tenant still sends one notification: PostgreSQL folds
 * identical notifications of a transaction); an UPDATE that moves a row to another tenant names
 * both. TRUNCATE names no tenant: its payload '*' means every tenant. Notifications are sent at
 * commit, so a rolled-back change sends nothing.
 */
export class SuppliersChangedNotify1795400000050 implements MigrationInterface {
  name = 'SuppliersChangedNotify1795400000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION suppliers_changed_notify() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('suppliers_changed', '*');
          RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('suppliers_changed', OLD.tenant_id); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('suppliers_changed', NEW.tenant_id); END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`CREATE TRIGGER suppliers_changed AFTER INSERT OR UPDATE OR DELETE ON suppliers FOR EACH ROW EXECUTE FUNCTION suppliers_changed_notify()`);
    await q.query(`CREATE TRIGGER suppliers_truncated AFTER TRUNCATE ON suppliers FOR EACH STATEMENT EXECUTE FUNCTION suppliers_changed_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER suppliers_truncated ON suppliers`);
    await q.query(`DROP TRIGGER suppliers_changed ON suppliers`);
    await q.query(`DROP FUNCTION suppliers_changed_notify()`);
  }
}
