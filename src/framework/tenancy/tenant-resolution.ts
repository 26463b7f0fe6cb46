import { PLATFORM_ROLES, TenantCrossingError, type Principal } from '../auth';
import { ForbiddenError, ValidationError } from '../errors';
import { DEFAULT_TENANT_ID } from './default-tenant';
import { TenantRequiredError } from './tenancy.errors';
import type { TenancyMode } from './tenancy.config';

export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const TENANT_HEADER = 'x-tenant-id';

export function isPlatformPrincipal(principal: Principal | undefined): boolean {
  return principal?.roles.some((role) => PLATFORM_ROLES.includes(role)) ?? false;
}

/** Which tenant a request asks for, and why (the lookup then decides 403/404 differently). */
export interface TenantRequestDecision {
  tenantId: string;
  via: 'header' | 'principal' | 'fallback';
}

/**
 * The rules, without I/O. X-Tenant-ID: credentials bound to a tenant may name only it, whatever
 * their roles (another one is 403); credentials without a tenant may name any tenant when they
 * hold a platform role. Without the header the principal's tenant applies; without either,
 * strict mode answers 400 and permissive mode falls back to the default tenant.
 */
export function decideTenant(principal: Principal | undefined, header: string | string[] | undefined, mode: TenancyMode): TenantRequestDecision {
  if (Array.isArray(header)) {
    throw new ValidationError('X-Tenant-ID may be sent once.', [{ field: 'X-Tenant-ID', reason: 'must appear at most once' }]);
  }
  const named = header?.trim();
  if (named) {
    if (!TENANT_ID_PATTERN.test(named)) {
      throw new ValidationError('X-Tenant-ID is not a tenant id.', [{ field: 'X-Tenant-ID', reason: `must match ${TENANT_ID_PATTERN.source}` }]);
    }
    if (principal?.tenantId && named !== principal.tenantId) throw new TenantCrossingError();
    if (named !== principal?.tenantId && !isPlatformPrincipal(principal)) {
      throw new ForbiddenError('X-Tenant-ID may name a tenant only for platform roles (admin, maintainer, operator) without a tenant of their own.');
    }
    return { tenantId: named, via: 'header' };
  }
  if (principal?.tenantId) return { tenantId: principal.tenantId, via: 'principal' };
  if (mode === 'permissive') return { tenantId: DEFAULT_TENANT_ID, via: 'fallback' };
  throw new TenantRequiredError('This route acts on one tenant: the credentials carry none, so name one with X-Tenant-ID.');
}
