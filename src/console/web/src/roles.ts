import type { Principal } from './types';

/**
 * What the caller may do, mirroring the API's rules (the API still enforces them): admin passes
 * everything; platform operations (configurations, fallback policies, modules) need credentials
 * without a tenant.
 */
export interface Abilities {
  readInvoices: boolean;
  reprocess: boolean;
  readReview: boolean;
  approve: boolean;
  writeConfig: boolean;
  readShadowRuns: boolean;
  admin: boolean;
  /** Credentials without a tenant holding a platform role: may name any tenant. */
  platform: boolean;
}

const CONFIGURATION_WRITERS = ['admin', 'maintainer', 'operator'];

export function abilities(principal: Principal): Abilities {
  const has = (...roles: string[]): boolean => principal.roles.includes('admin') || roles.some((role) => principal.roles.includes(role));
  // Credentials without a tenant act across tenants only with a platform role.
  const platform = principal.tenant_id === null && has(...CONFIGURATION_WRITERS);
  // Invoice routes act on one tenant: the credentials' own, or one a platform role names.
  const inTenant = principal.tenant_id !== null || platform;
  return {
    readInvoices: inTenant && has('submitter', 'approver', 'auditor'),
    reprocess: inTenant && has('submitter'),
    readReview: inTenant && has('approver', 'auditor'),
    approve: inTenant && has('approver'),
    writeConfig: platform && has(...CONFIGURATION_WRITERS),
    readShadowRuns: has(...CONFIGURATION_WRITERS, 'auditor'),
    admin: has(),
    platform,
  };
}
