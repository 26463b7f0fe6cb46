import { Controller, Get, Module } from '@nestjs/common';
import { DiscoveryModule, Reflector } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Public, Roles, TenantAware, TenantCrossingError, type Principal } from '../../../../src/framework/auth';
import { AuthThrottledError, CredentialsError, CredentialsExpiredError, MissingCredentialsError } from '../../../../src/framework/auth/auth-errors';
import { AuthConfig } from '../../../../src/framework/auth/auth.config';
import { AuthGuard, hasRole } from '../../../../src/framework/auth/auth.guard';
import { FailedAuthThrottle } from '../../../../src/framework/auth/throttle/failed-auth-throttle';
import type { Authenticator, AuthRequest } from '../../../../src/framework/auth/authenticator';
import { AuthenticatorChain } from '../../../../src/framework/auth/authenticator-chain';
import { RegisterAuthenticator } from '../../../../src/framework/auth/authenticator.decorator';
import { challengeFor } from '../../../../src/framework/auth/www-authenticate';
import { ForbiddenError } from '../../../../src/framework/errors';

const principal = (roles: Principal['roles'], mechanism = 'test'): Principal => ({ subject: 's', roles, mechanism });

/** Recognises `x-test-user: <roles>`; a custom authenticator as another module would register one. */
@RegisterAuthenticator(50)
class HeaderAuthenticator implements Authenticator {
  readonly mechanism = 'test-header';
  async authenticate(request: AuthRequest): Promise<Principal | null> {
    const value = request.headers['x-test-user'];
    if (typeof value !== 'string') return null;
    if (value === 'bad') throw new CredentialsError('bad', 'invalid-signature', this.mechanism);
    // `roles@tenant` for credentials bound to a tenant.
    const [roles, tenantId] = value.split('@');
    return { ...principal(roles.split(',') as Principal['roles'], this.mechanism), tenantId };
  }
}

@RegisterAuthenticator(10)
class NeverMine implements Authenticator {
  readonly mechanism = 'never';
  calls = 0;
  async authenticate(): Promise<Principal | null> {
    this.calls++;
    return null;
  }
}

@Module({ providers: [HeaderAuthenticator] })
class SomeFeatureModule {}

@Controller()
class ProbeController {
  @Public() @Get('open') open(): void {}
  @Roles('operator') @Get('ops') ops(): void {}
  @Get('any') any(): void {}
  @Roles('operator') @TenantAware() @Get('tenant-ops') tenantOps(): void {}
}

describe('authenticator chain and guard', () => {
  let chain: AuthenticatorChain;
  let guard: AuthGuard;
  let never: NeverMine;

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      imports: [DiscoveryModule, SomeFeatureModule],
      controllers: [ProbeController],
      providers: [AuthenticatorChain, NeverMine],
    }).compile();
    await module.init();
    chain = module.get(AuthenticatorChain);
    never = module.get(NeverMine);
    guard = new AuthGuard(module.get(Reflector), chain, new FailedAuthThrottle(new AuthConfig()));
  });

  it('discovers authenticators registered in any module, ordered by their order', () => {
    expect(chain.mechanisms()).toEqual(['never', 'test-header']);
  });

  it('asks each in order; the first that recognises the request decides', async () => {
    const calls = never.calls;
    await expect(chain.authenticate({ method: 'GET', url: '/', headers: { 'x-test-user': 'auditor' } })).resolves.toMatchObject({
      mechanism: 'test-header',
      roles: ['auditor'],
    });
    expect(never.calls).toBe(calls + 1);
    await expect(chain.authenticate({ method: 'GET', url: '/', headers: {} })).rejects.toBeInstanceOf(MissingCredentialsError);
  });

  function context(handler: keyof ProbeController, headers: Record<string, string>) {
    const replyHeaders: Record<string, string> = {};
    const request: Record<string, unknown> = { method: 'GET', url: `/${handler}`, id: 'corr-1', headers, routeOptions: { url: `/${handler}` } };
    const reply = { header: (name: string, value: string) => ((replyHeaders[name] = value), reply) };
    const ctx = {
      getType: () => 'http',
      getHandler: () => ProbeController.prototype[handler],
      getClass: () => ProbeController,
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
    };
    return { ctx: ctx as never, request, replyHeaders };
  }

  it('lets @Public routes through without asking anyone', async () => {
    const calls = never.calls;
    expect(await guard.canActivate(context('open', {}).ctx)).toBe(true);
    expect(never.calls).toBe(calls);
  });

  it('sets the principal, enforces @Roles (admin always enough) and challenges failures', async () => {
    const ok = context('ops', { 'x-test-user': 'operator' });
    expect(await guard.canActivate(ok.ctx)).toBe(true);
    expect(ok.request.principal).toMatchObject({ roles: ['operator'] });
    expect(await guard.canActivate(context('ops', { 'x-test-user': 'admin' }).ctx)).toBe(true);
    expect(await guard.canActivate(context('any', { 'x-test-user': 'auditor' }).ctx)).toBe(true);
    await expect(guard.canActivate(context('ops', { 'x-test-user': 'auditor' }).ctx)).rejects.toBeInstanceOf(ForbiddenError);

    const bad = context('any', { 'x-test-user': 'bad' });
    await expect(guard.canActivate(bad.ctx)).rejects.toBeInstanceOf(CredentialsError);
    expect(bad.replyHeaders['www-authenticate']).toContain('error="invalid_token"');
    const none = context('any', {});
    await expect(guard.canActivate(none.ctx)).rejects.toBeInstanceOf(MissingCredentialsError);
    expect(none.replyHeaders['www-authenticate']).not.toContain('error=');
  });

  it('answers 429 with Retry-After once failures pass the limit, and still lets valid credentials in', async () => {
    const strict = new AuthGuard(guard['reflector'], chain, new FailedAuthThrottle(Object.assign(new AuthConfig(), { failureLimitPerAddress: 1 })));
    await expect(strict.canActivate(context('any', { 'x-test-user': 'bad' }).ctx)).rejects.toBeInstanceOf(CredentialsError);
    const throttled = context('any', { 'x-test-user': 'bad' });
    await expect(strict.canActivate(throttled.ctx)).rejects.toBeInstanceOf(AuthThrottledError);
    expect(Number(throttled.replyHeaders['retry-after'])).toBeGreaterThan(0);
    expect(throttled.replyHeaders['www-authenticate']).toBeUndefined();
    expect(await strict.canActivate(context('any', { 'x-test-user': 'auditor' }).ctx)).toBe(true);
  });

  it('counts platform roles of tenant-bound credentials only on tenant-aware routes, and refuses them naming another tenant', async () => {
    await expect(guard.canActivate(context('ops', { 'x-test-user': 'operator@acme' }).ctx)).rejects.toThrow(/spans tenants/);
    await expect(guard.canActivate(context('ops', { 'x-test-user': 'admin@acme' }).ctx)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await guard.canActivate(context('tenantOps', { 'x-test-user': 'operator@acme' }).ctx)).toBe(true);
    expect(await guard.canActivate(context('tenantOps', { 'x-test-user': 'operator@acme', 'x-tenant-id': 'acme' }).ctx)).toBe(true);
    await expect(guard.canActivate(context('any', { 'x-test-user': 'auditor@acme', 'x-tenant-id': 'globex' }).ctx)).rejects.toBeInstanceOf(TenantCrossingError);
    expect(await guard.canActivate(context('any', { 'x-test-user': 'auditor', 'x-tenant-id': 'globex' }).ctx)).toBe(true);
  });

  it('knows admin passes everything and other roles only their own', () => {
    expect(hasRole(principal(['admin']), ['operator'])).toBe(true);
    expect(hasRole(principal(['maintainer']), ['operator', 'maintainer'])).toBe(true);
    expect(hasRole(principal(['submitter']), ['auditor'])).toBe(false);
  });

  it('builds RFC 6750 challenges without anything from the request', () => {
    expect(challengeFor(new CredentialsExpiredError('x', 'jwt'))).toBe(
      'Bearer realm="invoice-service", error="invalid_token", error_description="The credentials expired"',
    );
    expect(challengeFor(new CredentialsError('secret-ish message', 'revoked', 'api-key'))).toBe(
      'ApiKey realm="invoice-service", error="invalid_token", error_description="The credentials are not valid"',
    );
  });
});
