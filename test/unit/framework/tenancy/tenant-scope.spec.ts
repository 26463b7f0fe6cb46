import { Controller, Injectable, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  TENANT_CONTEXT_PROVIDER,
  TenantContext,
  TenantScope,
  TenantScopedProvider,
  TenantScopeError,
} from '../../../../src/framework/tenancy';
import { TenantScopeCheck } from '../../../../src/framework/tenancy/tenant-scope.check';

let created = 0;

@TenantScopedProvider()
class TenantCounter {
  readonly serial = ++created;
  constructor(readonly tenant: TenantContext) {}
}

@Injectable()
class PlainService {}

/** Injects the tenant without declaring itself tenant-scoped. */
@Injectable()
class LeakyService {
  constructor(readonly tenant: TenantContext) {}
}

@Controller('x')
class EagerController {
  constructor(readonly counter: TenantCounter) {}
}

function tenant(id: string): TenantContext {
  return new TenantContext(id, new Date(0));
}

async function moduleWith(providers: unknown[], controllers: unknown[] = []) {
  @Module({ imports: [DiscoveryModule], providers: [TENANT_CONTEXT_PROVIDER, TenantScope, TenantScopeCheck, ...(providers as never[])], controllers: controllers as never[] })
  class Host {}
  return Test.createTestingModule({ imports: [Host] }).compile();
}

describe('durable tenant-scoped providers', () => {
  it('give each tenant its own instance and reuse it within the tenant', async () => {
    const app = await moduleWith([TenantCounter, PlainService]);
    await app.init();
    const scope = app.get(TenantScope);
    const acme = tenant('acme');
    const globex = tenant('globex');
    const a1 = await scope.run(acme, () => scope.get(TenantCounter));
    const a2 = await scope.run(acme, () => scope.get(TenantCounter));
    const g1 = await scope.run(globex, () => scope.get(TenantCounter));
    expect(a1).toBe(a2);
    expect(g1).not.toBe(a1);
    expect([a1.tenant, g1.tenant]).toEqual([acme, globex]);
    expect(a1.tenant).toBe(acme);
    await app.close();
  });

  it('fail with a clear error outside a tenant context, and refuse services that are not tenant-scoped', async () => {
    const app = await moduleWith([TenantCounter, PlainService]);
    await app.init();
    const scope = app.get(TenantScope);
    await expect(scope.get(TenantCounter)).rejects.toThrow(/TenantCounter is tenant-scoped and was resolved without a tenant context/);
    await expect(scope.run(tenant('acme'), () => scope.get(PlainService))).rejects.toThrow(TenantScopeError);
    await app.close();
  });

  it('refuse at boot a provider injecting TenantContext without being declared, and controllers injecting tenant services', async () => {
    const app = await moduleWith([TenantCounter, LeakyService], [EagerController]);
    const boot = app.init();
    await expect(boot).rejects.toThrow(TenantScopeError);
    await expect(boot).rejects.toThrow(/LeakyService injects TenantContext but is a singleton; declare it @TenantScopedProvider\(\)/);
    await expect(boot).rejects.toThrow(/controller EagerController injects TenantCounter/);
  });
});
