import { AsyncLocalStorage } from 'node:async_hooks';
import type { ContextId } from '@nestjs/core';
import type { TenantContext } from './tenant-context';

/** What runs "as a tenant": the tenant and the request object its Nest context id belongs to. */
export interface TenantStore {
  tenant: TenantContext;
  request: { tenant?: TenantContext };
  /** Created on first use by TenantScope; one per request. */
  contextId?: ContextId;
}

/**
 * The current tenant of the async call chain. Set around the handler of every @TenantScoped()
 * route and by TenantScope.run (workers, jobs). Repositories and the later row-level-security
 * step read the tenant id here (`currentTenantId()`), so it never has to be threaded by hand.
 */
export const tenantStorage = new AsyncLocalStorage<TenantStore>();

export function currentTenant(): TenantContext | undefined {
  return tenantStorage.getStore()?.tenant;
}

export function currentTenantId(): string | undefined {
  return tenantStorage.getStore()?.tenant.tenantId;
}
