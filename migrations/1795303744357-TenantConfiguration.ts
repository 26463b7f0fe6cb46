import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenant configuration overrides (the tenant layer above base and instance configuration) and the
 * time of the last change. Overrides are a JSON object keyed by setting (environment variable
 * name); the service validates them against the tenant-overridable settings, the database keeps
 * the shape.
 */
export class TenantConfiguration1795303744357 implements MigrationInterface {
  name = 'TenantConfiguration1795303744357';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenants ADD COLUMN config jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE tenants ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE tenants ADD CONSTRAINT tenants_config_object CHECK (jsonb_typeof(config) = 'object')`);
    await q.query(`ALTER TABLE tenants ADD CONSTRAINT tenants_name_not_blank CHECK (length(btrim(name)) > 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenants DROP CONSTRAINT tenants_name_not_blank`);
    await q.query(`ALTER TABLE tenants DROP CONSTRAINT tenants_config_object`);
    await q.query(`ALTER TABLE tenants DROP COLUMN updated_at`);
    await q.query(`ALTER TABLE tenants DROP COLUMN config`);
  }
}
