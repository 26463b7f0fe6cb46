import { ForbiddenError } from '../errors';
import type { Principal } from './principal';

/** The header naming the tenant a request acts for (read by tenant resolution). */
export const TENANT_ID_HEADER = 'x-tenant-id';

/**
 * Credentials bound to a tenant stay in it, whatever their roles: only credentials without a
 * tenant may name one with X-Tenant-ID. True when a tenant-bound principal names another tenant
 * (any value of a repeated header counts).
 */
export function crossesTenant(principal: Principal | undefined, header: string | string[] | undefined): boolean {
  if (!principal?.tenantId || header === undefined) return false;
  const named = (Array.isArray(header) ? header : [header]).map((value) => value.trim()).filter((value) => value !== '');
  return named.some((value) => value !== principal.tenantId);
}

/** 403 for tenant-bound credentials acting for another tenant (X-Tenant-ID or a tenant in the path). */
export class TenantCrossingError extends ForbiddenError {
  constructor() {
    super('These credentials are bound to one tenant and may act only for it; only credentials without a tenant may name another one.');
  }
}

/** Refuses a tenant-bound principal acting for `tenantId` when that is not its own tenant. */
export function assertOwnTenant(principal: Principal | undefined, tenantId: string): void {
  if (principal?.tenantId && principal.tenantId !== tenantId) throw new TenantCrossingError();
}

/** Refuses a tenant-bound principal on an operation that spans tenants (creating or listing them). */
export function assertTenantless(principal: Principal | undefined): void {
  if (principal?.tenantId) throw new TenantCrossingError();
}
