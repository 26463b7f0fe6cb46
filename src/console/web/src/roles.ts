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
  platform: boolean;
}

const CONFIGURATION_WRITERS = ['admin', 'maintainer', 'operator'];

export function abilities(principal: Principal): Abilities {
  const has = (...roles: string[]): boolean => principal.roles.includes('admin') || roles.some((role) => principal.roles.includes(role));
  const platform = principal.tenant_id === null;
  return {
    readInvoices: has('submitter', 'auditor'),
    reprocess: has('submitter'),
    readReview: has('approver', 'auditor'),
    approve: has('approver'),
    writeConfig: platform && has(...CONFIGURATION_WRITERS),
    readShadowRuns: has(...CONFIGURATION_WRITERS, 'auditor'),
    admin: has(),
    platform,
  };
}
