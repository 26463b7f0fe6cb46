import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys: only the SHA-256 of the secret part is stored, found by its unique public prefix.
 * Platform-level table: tenant_id is a nullable foreign key because a key either acts inside one
 * tenant or, for platform roles (admin, operator, auditor), across all of them.
 */
export class ApiKeys1795300844877 implements MigrationInterface {
  name = 'ApiKeys1795300844877';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        prefix       text NOT NULL,
        key_hash     char(64) NOT NULL,
        name         text NOT NULL,
        tenant_id    text,
        roles        text[] NOT NULL,
        expires_at   timestamptz,
        revoked_at   timestamptz,
        last_used_at timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now(),
        created_by   text NOT NULL,
        CONSTRAINT api_keys_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
        CONSTRAINT api_keys_roles_valid CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['admin', 'maintainer', 'operator', 'submitter', 'auditor']::text[]),
        CONSTRAINT api_keys_hash_hex CHECK (key_hash ~ '^[0-9a-f]{64}$'),
        CONSTRAINT api_keys_prefix_format CHECK (prefix ~ '^[a-z0-9]{4,32}$')
      )`);
    await q.query(`CREATE UNIQUE INDEX api_keys_prefix_key ON api_keys (prefix)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
  }
}
