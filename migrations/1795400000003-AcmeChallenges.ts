import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * http-01 key authorizations of the ACME orders in progress, shared by every replica: the ACME
 * server's validation request may reach any replica behind the load balancer, not only the one
 * that placed the order. Rows live for the order only; expired rows are never answered.
 */
export class AcmeChallenges1795400000003 implements MigrationInterface {
  name = 'AcmeChallenges1795400000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE acme_challenges (
        token             text PRIMARY KEY,
        key_authorization text NOT NULL,
        expires_at        timestamptz NOT NULL,
        -- RFC 8555 section 8.3: the token is base64url; the key authorization is token '.' thumbprint.
        CONSTRAINT acme_challenges_token_base64url CHECK (token ~ '^[A-Za-z0-9_-]+$'),
        CONSTRAINT acme_challenges_key_authorization_of_token CHECK (starts_with(key_authorization, token || '.'))
      )`);
    await q.query(`COMMENT ON TABLE acme_challenges IS 'platform: pending ACME http-01 challenge answers of the service endpoints; no tenant_id'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE acme_challenges`);
  }
}
