import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ACME certificate management (issue 10): managed certificates with their sealed private keys,
 * the sealed ACME account key per directory, and the history of issuance/renewal attempts.
 * Platform-level tables, no tenant_id: certificates belong to the service's endpoints.
 */
export class Certificates1795303070170 implements MigrationInterface {
  name = 'Certificates1795303070170';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE certificates (
        id                      uuid NOT NULL DEFAULT gen_random_uuid(),
        domains                 text[] NOT NULL,
        primary_domain          text NOT NULL,
        status                  text NOT NULL,
        certificate_pem         text,
        chain_pem               text,
        private_key_sealed      bytea,
        key_id                  text,
        serial_number           text,
        not_before              timestamptz,
        expires_at              timestamptz,
        last_renewal_attempt_at timestamptz,
        last_error              text,
        failure_count           integer NOT NULL DEFAULT 0,
        next_attempt_at         timestamptz,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT certificates_pkey PRIMARY KEY (id),
        CONSTRAINT certificates_status_valid CHECK (status IN ('valid', 'renewing', 'error')),
        CONSTRAINT certificates_domains_not_empty CHECK (cardinality(domains) >= 1 AND primary_domain = domains[1]),
        CONSTRAINT certificates_material_complete CHECK ((certificate_pem IS NULL) = (private_key_sealed IS NULL) AND (certificate_pem IS NULL) = (key_id IS NULL) AND (certificate_pem IS NULL) = (expires_at IS NULL)),
        CONSTRAINT certificates_failures_non_negative CHECK (failure_count >= 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX certificates_primary_domain_key ON certificates (primary_domain)`);
    await q.query(`CREATE INDEX certificates_next_attempt_idx ON certificates (next_attempt_at)`);
    await q.query(`COMMENT ON TABLE certificates IS '${CERTIFICATES_COMMENT}'`);

    await q.query(`
      CREATE TABLE acme_accounts (
        directory_url      text NOT NULL,
        account_key_sealed bytea NOT NULL,
        key_id             text NOT NULL,
        account_url        text,
        created_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT acme_accounts_pkey PRIMARY KEY (directory_url)
      )`);
    await q.query(`COMMENT ON TABLE acme_accounts IS '${ACME_ACCOUNTS_COMMENT}'`);

    await q.query(`
      CREATE TABLE certificate_renewal_attempts (
        id              bigserial NOT NULL,
        certificate_id  uuid NOT NULL,
        started_at      timestamptz NOT NULL,
        finished_at     timestamptz NOT NULL,
        outcome         text NOT NULL,
        error           text,
        serial_number   text,
        next_attempt_at timestamptz,
        CONSTRAINT certificate_renewal_attempts_pkey PRIMARY KEY (id),
        CONSTRAINT certificate_renewal_attempts_certificate_fkey FOREIGN KEY (certificate_id) REFERENCES certificates (id) ON DELETE CASCADE,
        CONSTRAINT certificate_renewal_attempts_outcome_valid CHECK (outcome IN ('succeeded', 'failed')),
        CONSTRAINT certificate_renewal_attempts_error_on_failure CHECK ((outcome = 'failed') = (error IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX certificate_renewal_attempts_certificate_idx ON certificate_renewal_attempts (certificate_id, started_at)`);
    await q.query(`COMMENT ON TABLE certificate_renewal_attempts IS '${RENEWAL_ATTEMPTS_COMMENT}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE certificate_renewal_attempts`);
    await q.query(`DROP TABLE acme_accounts`);
    await q.query(`DROP TABLE certificates`);
  }
}

/** Copies of the comments in src/framework/certificates/entities/table-comments.ts (TypeORM compares them). */
const CERTIFICATES_COMMENT = 'platform: TLS certificates of the service endpoints (ACME), not tenant data; no tenant_id';
const ACME_ACCOUNTS_COMMENT = 'platform: ACME account keys of the service, encrypted; no tenant_id';
const RENEWAL_ATTEMPTS_COMMENT = 'platform: certificate issuance and renewal attempts; no tenant_id';
