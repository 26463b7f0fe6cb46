import { applyDecorators, FactoryProvider, Injectable, Scope, SetMetadata, Type } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import { missingTenant } from './tenant-context-id.strategy';
import { TenantContext } from './tenant-context';

export const TENANT_SCOPED_PROVIDER = 'tenancy:provider';

/**
 * Declares a tenant-scoped service: request scope, durable (one instance per tenant, reused by
 * all its requests, through TenantContextIdStrategy). Inject TenantContext into it for the
 * tenant's id and configuration; get it with TenantScope.get(). A provider that injects
 * TenantContext or another tenant-scoped service without this declaration stops the boot.
 */
export const TenantScopedProvider = (): ClassDecorator =>
  applyDecorators(Injectable({ scope: Scope.REQUEST, durable: true }), SetMetadata(TENANT_SCOPED_PROVIDER, true));

export function isTenantScopedType(type: unknown): boolean {
  return typeof type === 'function' && Reflect.getMetadata(TENANT_SCOPED_PROVIDER, type) === true;
}

/** TenantContext as an injectable: the payload of the tenant's durable sub-tree. */
export const TENANT_CONTEXT_PROVIDER: FactoryProvider<TenantContext> = {
  provide: TenantContext,
  scope: Scope.REQUEST,
  durable: true,
  inject: [REQUEST],
  useFactory: (payload: { tenant?: TenantContext } | undefined) => {
    if (!(payload?.tenant instanceof TenantContext)) throw missingTenant(TenantContext);
    return payload.tenant;
  },
};

export type TenantScopedType<T> = Type<T>;
