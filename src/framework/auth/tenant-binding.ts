import { SetMetadata } from '@nestjs/common';
import { ForbiddenError } from '../errors';
import type { Principal } from './principal';
import { PLATFORM_ROLES } from './roles';

export const TENANT_AWARE = 'auth:tenant-aware';

/**
 * Marks a route (or controller) that keeps tenant-bound callers inside their own tenant by itself
 * (tenant-scoped routes, tenant and API key administration): there the platform roles of
 * tenant-bound credentials count. Everywhere else an operation spans tenants (module
 * configurations, certificates, platform configuration, scheduler), and only credentials without
 * a tenant exercise platform roles: a tenant's operator must not re-point every tenant's webhook.
 */
export const TenantAware = (): MethodDecorator & ClassDecorator => SetMetadata(TENANT_AWARE, true);

/** The principal whose roles count on a route: tenant-bound credentials lose platform roles outside tenant-aware routes. */
export function effectivePrincipal(principal: Principal, tenantAware: boolean): Principal {
  if (!principal.tenantId || tenantAware) return principal;
  return { ...principal, roles: principal.roles.filter((role) => !PLATFORM_ROLES.includes(role)) };
}

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
