import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { TenantAware } from '../auth/tenant-binding';
import { TenantScopeError } from './tenancy.errors';
import type { TenantContext } from './tenant-context';
import { TenantGuard } from './tenant.guard';

export const TENANT_SCOPED_ROUTE = 'tenancy:route';

/**
 * Marks a controller or route as acting on one tenant: the tenant is resolved after
 * authentication (principal's tenant, or X-Tenant-ID for tenantless platform roles; strict/permissive mode
 * without one) and the handler runs as that tenant.
 */
export const TenantScoped = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    SetMetadata(TENANT_SCOPED_ROUTE, true),
    // Tenant resolution keeps tenant-bound callers in their tenant, so their platform roles count here.
    TenantAware(),
    UseGuards(TenantGuard),
    ApiHeader({
      name: 'X-Tenant-ID',
      required: false,
      description: 'Tenant to act for; platform roles (admin, maintainer, operator) without a tenant of their own may name any tenant; tenant-bound credentials only their own.',
    }),
  );

/** The TenantContext of a @TenantScoped() route. */
export const CurrentTenant = createParamDecorator((_data: unknown, ctx: ExecutionContext): TenantContext => {
  const tenant = ctx.switchToHttp().getRequest<{ tenant?: TenantContext }>().tenant;
  if (!tenant) throw new TenantScopeError(`@CurrentTenant() needs a @TenantScoped() route (${ctx.getClass().name}.${ctx.getHandler().name})`);
  return tenant;
});
