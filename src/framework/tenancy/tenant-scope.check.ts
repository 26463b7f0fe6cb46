import { Injectable, OnModuleInit, Scope } from '@nestjs/common';
import { PARAMTYPES_METADATA, PROPERTY_DEPS_METADATA, SELF_DECLARED_DEPS_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { TenantScopeError } from './tenancy.errors';
import { TenantContext } from './tenant-context';
import { isTenantScopedType } from './tenant-scoped-provider.decorator';

/**
 * The declaration rule, checked once at boot over every provider and controller of the app:
 * - a class marked @TenantScopedProvider() must be registered request-scoped and durable (a module
 *   overriding its scope would silently share one instance across tenants);
 * - a provider that injects TenantContext or a tenant-scoped service must itself be request-scoped
 *   and durable (otherwise Nest would quietly make it per-request, or it would leak a tenant's
 *   instance into a singleton);
 * - a controller may not inject them at all: Nest builds request-scoped controllers before the
 *   guards run, so the tenant is not known yet; handlers use @CurrentTenant() and TenantScope.get().
 * Every violation is listed in one error that stops the boot.
 */
@Injectable()
export class TenantScopeCheck implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const problems = tenantScopeProblems(this.discovery.getProviders(), this.discovery.getControllers());
    if (problems.length > 0) throw new TenantScopeError(`tenant-scoped services are declared wrongly:\n  ${problems.join('\n  ')}`);
  }
}

export function tenantScopeProblems(providers: InstanceWrapper[], controllers: InstanceWrapper[]): string[] {
  const problems: string[] = [];
  const isTenantToken = (token: unknown): boolean => token === TenantContext || isTenantScopedType(token);
  const durable = (w: InstanceWrapper): boolean => w.scope === Scope.REQUEST && w.durable === true;
  for (const wrapper of providers) {
    if (wrapper.token === TenantContext) continue;
    if (isTenantScopedType(wrapper.metatype) && !durable(wrapper)) {
      problems.push(`${nameOf(wrapper)} is @TenantScopedProvider() but registered ${describe(wrapper)}; keep its request scope and durable flag`);
      continue;
    }
    const injected = dependencyTokens(wrapper).filter(isTenantToken);
    if (injected.length > 0 && !durable(wrapper)) {
      problems.push(`${nameOf(wrapper)} injects ${injected.map(tokenName).join(', ')} but is ${describe(wrapper)}; declare it @TenantScopedProvider()`);
    }
  }
  for (const wrapper of controllers) {
    const injected = dependencyTokens(wrapper).filter(isTenantToken);
    if (injected.length > 0) {
      problems.push(
        `controller ${nameOf(wrapper)} injects ${injected.map(tokenName).join(', ')}; controllers are built before authentication: use @CurrentTenant() and TenantScope.get()`,
      );
    }
  }
  return problems;
}

/** Constructor (design types overridden by @Inject) and property injection tokens, or a factory's inject list. */
export function dependencyTokens(wrapper: InstanceWrapper): unknown[] {
  const unwrap = (token: unknown): unknown => {
    if (token && typeof token === 'object' && 'forwardRef' in token) return (token as { forwardRef: () => unknown }).forwardRef();
    if (token && typeof token === 'object' && 'token' in token) return (token).token;
    return token;
  };
  if (wrapper.inject) return wrapper.inject.map(unwrap);
  const type = wrapper.metatype;
  if (typeof type !== 'function' || wrapper.isAlias) return [];
  const tokens: unknown[] = [...((Reflect.getMetadata(PARAMTYPES_METADATA, type) as unknown[] | undefined) ?? [])];
  for (const { index, param } of (Reflect.getMetadata(SELF_DECLARED_DEPS_METADATA, type) as Array<{ index: number; param: unknown }> | undefined) ?? []) {
    tokens[index] = param;
  }
  for (const { type: token } of (Reflect.getMetadata(PROPERTY_DEPS_METADATA, type) as Array<{ type: unknown }> | undefined) ?? []) tokens.push(token);
  return tokens.map(unwrap);
}

function describe(wrapper: InstanceWrapper): string {
  const scope = wrapper.scope === Scope.REQUEST ? 'request-scoped' : wrapper.scope === Scope.TRANSIENT ? 'transient' : 'a singleton';
  return wrapper.scope === Scope.REQUEST && !wrapper.durable ? `${scope} but not durable` : scope;
}

function nameOf(wrapper: InstanceWrapper): string {
  return tokenName(wrapper.token);
}

function tokenName(token: unknown): string {
  return typeof token === 'function' ? token.name : String(token);
}
