import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Principal } from '../auth';
import { TenantScopeError } from './tenancy.errors';
import { TenantContext } from './tenant-context';
import { TENANT_HEADER } from './tenant-resolution';
import { tenantStorage } from './tenant-storage';
import { TenantResolver } from './tenant.resolver';

export interface TenantAwareRequest {
  principal?: Principal;
  headers: Record<string, string | string[] | undefined>;
  tenant?: TenantContext;
}

/**
 * Resolves the tenant of a @TenantScoped() route. Global guards (authentication, roles) run
 * first, so the principal is known. The request already runs inside its tenantStorage context
 * (bindTenantStorage); this fills in the tenant, so the handler and every await below it see it.
 * A guard rather than an interceptor: Nest's interceptor chain costs a quarter of the throughput
 * of a small route on its own (docs/performance.md), a guard next to nothing.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(private readonly resolver: TenantResolver) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest<TenantAwareRequest>();
    const header = request.headers[TENANT_HEADER];
    // A cached tenant (nearly every request) is settled without a promise: this runs per request.
    const cached = this.resolver.resolveCached(request.principal, header);
    if (cached) return enter(request, cached);
    return this.resolver.resolve(request.principal, header).then((tenant) => enter(request, tenant));
  }
}

/** Puts the tenant into the request's store (and onto the request, for the context id strategy). */
function enter(request: TenantAwareRequest, tenant: TenantContext): true {
  const store = tenantStorage.getStore();
  if (store?.request !== request) {
    throw new TenantScopeError('the request runs outside its tenant storage context: bindTenantStorage() was not applied to the HTTP server');
  }
  request.tenant = tenant;
  store.tenant = tenant;
  return true;
}
