import { AsyncLocalStorage } from 'node:async_hooks';
import type { ContextId } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { TenantContext } from './tenant-context';

/**
 * What runs "as a tenant": the tenant and the request object its Nest context id belongs to. An
 * HTTP request gets its store before routing, without a tenant; the guard of a @TenantScoped()
 * route fills the tenant in.
 */
export interface TenantStore {
  tenant?: TenantContext;
  request: { tenant?: TenantContext };
  /** Created on first use by TenantScope; one per request. */
  contextId?: ContextId;
}

/**
 * The current tenant of the async call chain. Every HTTP request runs inside its own store
 * (bindTenantStorage), filled by the guard of a @TenantScoped() route; workers and jobs use
 * TenantScope.run. Repositories and the later row-level-security
 * step read the tenant id here (`currentTenantId()`), so it never has to be threaded by hand.
 */
export const tenantStorage = new AsyncLocalStorage<TenantStore>();

export function currentTenant(): TenantContext | undefined {
  return tenantStorage.getStore()?.tenant;
}

export function currentTenantId(): string | undefined {
  return tenantStorage.getStore()?.tenant?.tenantId;
}

/**
 * Runs every request's handler chain (guards, pipes, interceptors, handler) inside a fresh
 * tenant store. Fastify calls the route handler synchronously from the last preHandler's done(),
 * so everything Nest does for the request inherits the store, while the store itself stays
 * mutable for the tenant guard.
 */
export function bindTenantStorage(server: FastifyInstance): void {
  server.addHook('preHandler', (request, _reply, done) => tenantStorage.run({ request: request as { tenant?: TenantContext } }, done));
}
