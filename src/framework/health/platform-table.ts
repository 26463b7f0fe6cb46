/**
 * Comment on platform-level tables (health, scheduler): they describe the service itself, not a
 * tenant's business data, so they carry no tenant_id. Must equal the text the Operations migration
 * writes with COMMENT ON TABLE, since TypeORM compares table comments.
 */
export const PLATFORM_TABLE_COMMENT = 'platform: describes the service itself (health, scheduler), not tenant data; no tenant_id';
