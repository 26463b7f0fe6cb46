/** Tenant that owns everything until multi-tenancy resolves tenants from the caller. */
export const DEFAULT_TENANT_ID = 'default';
