import { Injectable, Type } from '@nestjs/common';
import { ContextIdFactory, ModuleRef } from '@nestjs/core';
import { TenantScopeError } from './tenancy.errors';
import { missingTenant, tenantContextIdStrategy } from './tenant-context-id.strategy';
import type { TenantContext } from './tenant-context';
import { isTenantScopedType } from './tenant-scoped-provider.decorator';
import { TenantStore, tenantStorage } from './tenant-storage';

/**
 * Where code gets its tenant-scoped services. Controllers stay static (Nest builds them before
 * the guards run, so before the tenant is known); a handler of a @TenantScoped() route calls
 * `tenantScope.get(Service)`, which resolves the tenant's durable instance through the tenant
 * context id strategy. Workers and jobs use `run(tenant, fn)`.
 */
@Injectable()
export class TenantScope {
  /**
   * The tenant's instances once resolved: durable instances never change for a tenant (its
   * durable context id is fixed), so later requests skip Nest's per-request context id and
   * module lookup. Keyed by the TenantContext object, which lives as long as the tenant does.
   */
  private readonly resolved = new WeakMap<TenantContext, Map<Type<unknown>, Promise<unknown>>>();

  constructor(private readonly moduleRef: ModuleRef) {}

  get<T>(type: Type<T>): Promise<T> {
    if (!isTenantScopedType(type)) {
      return Promise.reject(new TenantScopeError(`${type.name} is not declared @TenantScopedProvider(); TenantScope only hands out tenant-scoped services`));
    }
    const store = tenantStorage.getStore();
    if (!store?.tenant) return Promise.reject(missingTenant(type));
    let instances = this.resolved.get(store.tenant);
    if (!instances) this.resolved.set(store.tenant, (instances = new Map<Type<unknown>, Promise<unknown>>()));
    let instance = instances.get(type) as Promise<T> | undefined;
    if (!instance) {
      instance = this.moduleRef.resolve(type, this.contextIdOf(store), { strict: false });
      instances.set(type, instance);
      // A failed resolution is not remembered: the next request tries again.
      instance.catch(() => instances.delete(type));
    }
    return instance;
  }

  /** Runs `fn` as `tenant` (outside HTTP: queue workers, scheduled jobs). */
  run<R>(tenant: TenantContext, fn: () => R): R {
    return tenantStorage.run({ tenant, request: { tenant } }, fn);
  }

  /** One Nest context id per request (or run), attached by the tenant strategy. */
  private contextIdOf(store: TenantStore) {
    if (!store.contextId) {
      const contextId = ContextIdFactory.create();
      const resolver = tenantContextIdStrategy.attach(contextId, store.request);
      if (typeof resolver === 'function') contextId.getParent = resolver;
      else {
        contextId.getParent = resolver.resolve;
        contextId.payload = resolver.payload;
      }
      this.moduleRef.registerRequestByContextId(store.request, contextId);
      store.contextId = contextId;
    }
    return store.contextId;
  }
}
