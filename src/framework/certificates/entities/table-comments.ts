/**
 * Comments of the certificate tables (platform-level: TLS certificates belong to the service's
 * endpoints, not to a tenant; no tenant_id). Copied verbatim in the Certificates migration, since
 * TypeORM compares table comments.
 */
export const CERTIFICATES_COMMENT = 'platform: TLS certificates of the service endpoints (ACME), not tenant data; no tenant_id';
export const ACME_ACCOUNTS_COMMENT = 'platform: ACME account keys of the service, encrypted; no tenant_id';
export const RENEWAL_ATTEMPTS_COMMENT = 'platform: certificate issuance and renewal attempts; no tenant_id';
