import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IS_PUBLIC, REQUIRED_ROLES, TENANT_AWARE, type Role } from '../../src/framework/auth';
import { API_PREFIX } from '../../src/app.factory';

export interface NestRoute {
  method: string;
  /** Fastify's route pattern, e.g. `/api/v1/invoices/:id`. */
  path: string;
  isPublic: boolean;
  /** @Roles of the route (empty: any authenticated caller). */
  roles: Role[];
  /** Whether the route keeps tenant-bound callers in their tenant itself (@TenantAware / @TenantScoped). */
  tenantAware: boolean;
  controller: string;
  handler: string;
}

const join = (...parts: string[]) => '/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');

/**
 * Every route Nest registered, read from the controllers' metadata and confirmed against Fastify's
 * route table (so a path composed wrongly fails here instead of being silently skipped).
 */
export function nestRoutes(app: NestFastifyApplication): NestRoute[] {
  const discovery = app.get(DiscoveryService, { strict: false });
  const scanner = app.get(MetadataScanner, { strict: false });
  const reflector = app.get(Reflector, { strict: false });
  const fastify = app.getHttpAdapter().getInstance();
  const routes: NestRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const metatype = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
    if (!metatype || !wrapper.instance) continue;
    const base = [Reflect.getMetadata(PATH_METADATA, metatype) as string | string[]].flat();
    const prototype = Object.getPrototypeOf(wrapper.instance) as object;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name] as () => unknown;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const isPublic = reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [handler, metatype]) === true;
      const roles = reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [handler, metatype]) ?? [];
      const tenantAware = reflector.getAllAndOverride<boolean | undefined>(TENANT_AWARE, [handler, metatype]) === true;
      for (const b of base) {
        for (const s of [sub].flat()) {
          const prefixed = join(API_PREFIX, b, s);
          const bare = join(b, s);
          const path = fastify.hasRoute({ method: method, url: prefixed }) ? prefixed : bare;
          if (!fastify.hasRoute({ method: method, url: path })) throw new Error(`${method} ${prefixed} is not in Fastify's route table`);
          routes.push({ method, path, isPublic, roles, tenantAware, controller: metatype.name, handler: name });
        }
      }
    }
  }
  return routes;
}
