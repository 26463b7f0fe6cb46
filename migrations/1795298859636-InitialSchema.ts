import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenants and received invoices. Every business table carries tenant_id (a foreign key to
 * tenants) from the start; 'default' owns everything until tenants are resolved per caller.
 */
export class InitialSchema1795298859636 implements MigrationInterface {
  name = 'InitialSchema1795298859636';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tenants (
        tenant_id   text PRIMARY KEY,
        name        text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz,
        CONSTRAINT tenants_id_format CHECK (tenant_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$')
      )`);
    await q.query(`INSERT INTO tenants (tenant_id, name) VALUES ('default', 'Default tenant')`);

    await q.query(`
      CREATE TABLE invoices (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id       text NOT NULL DEFAULT 'default',
        status          text NOT NULL DEFAULT 'received',
        content_type    text NOT NULL,
        document        bytea NOT NULL,
        document_sha256 char(64) NOT NULL,
        size_bytes      integer NOT NULL,
        received_at     timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT invoices_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
        CONSTRAINT invoices_status_valid CHECK (status IN
          ('received', 'processing', 'completed', 'completed_with_warnings', 'failed', 'duplicate')),
        CONSTRAINT invoices_content_type_valid CHECK (content_type IN ('application/xml', 'application/pdf', 'application/json')),
        CONSTRAINT invoices_document_not_empty CHECK (octet_length(document) > 0),
        CONSTRAINT invoices_sha256_hex CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT invoices_size_matches_document CHECK (size_bytes = octet_length(document))
      )`);
    await q.query(`CREATE INDEX invoices_tenant_received_idx ON invoices (tenant_id, received_at DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE invoices`);
    await q.query(`DROP TABLE tenants`);
  }
}
