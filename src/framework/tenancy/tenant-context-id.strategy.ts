import type { ContextId, ContextIdResolver, ContextIdResolverFn, ContextIdStrategy, HostComponentInfo } from '@nestjs/core';
import { TenantScopeError } from './tenancy.errors';
import type { TenantContext } from './tenant-context';

/**
 * Nest's durable providers keyed by tenant: a durable provider resolved for a request that has a
 * tenant lives in that tenant's sub-tree (`TenantContext.durableContextId`), so each tenant gets
 * one instance, reused by all its requests; non-durable request-scoped providers stay per request.
 * The durable instances receive `{ tenant }` as their REQUEST. Without a tenant, resolving a
 * durable provider fails with an error naming it. The strategy reads only the request, so one
 * instance serves every application in the process (ContextIdFactory.apply is global).
 */
export class TenantContextIdStrategy implements ContextIdStrategy<{ tenant?: TenantContext }> {
  attach(contextId: ContextId, request: { tenant?: TenantContext } | undefined): ContextIdResolver | ContextIdResolverFn {
    const tenant = request?.tenant;
    if (!tenant) {
      return (info: HostComponentInfo) => {
        if (info.isTreeDurable) throw missingTenant(info.token);
        return contextId;
      };
    }
    return {
      resolve: (info: HostComponentInfo) => (info.isTreeDurable ? tenant.durableContextId : contextId),
      payload: { tenant },
    };
  }
}

export const tenantContextIdStrategy = new TenantContextIdStrategy();

export function missingTenant(token: unknown): TenantScopeError {
  const name = typeof token === 'function' ? token.name : String(token);
  return new TenantScopeError(
    `${name} is tenant-scoped and was resolved without a tenant context: resolve it with TenantScope.get() from a @TenantScoped() route or inside TenantScope.run()`,
  );
}
