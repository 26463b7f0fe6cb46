import { TenantCrossingError, type Principal } from '../../../../src/framework/auth';
import { ForbiddenError, ValidationError } from '../../../../src/framework/errors';
import { decideTenant, TenantRequiredError } from '../../../../src/framework/tenancy';

const principal = (roles: Principal['roles'], tenantId?: string): Principal => ({ subject: 's', roles, tenantId, mechanism: 'jwt' });

describe('decideTenant', () => {
  it("uses the principal's tenant without a header", () => {
    expect(decideTenant(principal(['submitter'], 'acme'), undefined, 'strict')).toEqual({ tenantId: 'acme', via: 'principal' });
  });

  it('lets platform roles without a tenant name any tenant with X-Tenant-ID', () => {
    for (const role of ['admin', 'maintainer', 'operator'] as const) {
      expect(decideTenant(principal([role]), 'globex', 'strict')).toEqual({ tenantId: 'globex', via: 'header' });
    }
  });

  it('keeps tenant-bound platform roles in their tenant: another one is 403, their own is fine', () => {
    for (const role of ['admin', 'maintainer', 'operator'] as const) {
      expect(() => decideTenant(principal([role], 'acme'), 'globex', 'strict')).toThrow(TenantCrossingError);
      expect(decideTenant(principal([role], 'acme'), 'acme', 'strict')).toEqual({ tenantId: 'acme', via: 'header' });
    }
  });

  it('refuses X-Tenant-ID naming another tenant for other roles (403), accepts their own', () => {
    expect(() => decideTenant(principal(['submitter'], 'acme'), 'globex', 'strict')).toThrow(ForbiddenError);
    expect(() => decideTenant(principal(['auditor']), 'globex', 'permissive')).toThrow(ForbiddenError);
    expect(decideTenant(principal(['submitter'], 'acme'), 'acme', 'strict')).toEqual({ tenantId: 'acme', via: 'header' });
  });

  it('refuses a malformed or repeated header (400)', () => {
    expect(() => decideTenant(principal(['admin']), 'Not A Tenant', 'strict')).toThrow(ValidationError);
    expect(() => decideTenant(principal(['admin']), ['a', 'b'], 'strict')).toThrow(ValidationError);
  });

  it('strict mode: no tenant at all is a 400 tenant-required; permissive mode falls back to default', () => {
    let error: unknown;
    try {
      decideTenant(principal(['admin']), undefined, 'strict');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TenantRequiredError);
    expect(error).toMatchObject({ status: 400, category: 'tenant-required' });
    expect(decideTenant(principal(['admin']), '  ', 'permissive')).toEqual({ tenantId: 'default', via: 'fallback' });
  });
});
