import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth';
import { ForbiddenError, NotFoundError } from '../errors';
import { TenancyConfig } from './tenancy.config';
import { TenantDisabledError } from './tenancy.errors';
import { TenantContext } from './tenant-context';
import { TenantRegistry } from './tenant-registry';
import { decideTenant, type TenantRequestDecision } from './tenant-resolution';

/** Turns the authenticated caller (and X-Tenant-ID) into the TenantContext of a request. */
@Injectable()
export class TenantResolver {
  constructor(
    private readonly registry: TenantRegistry,
    private readonly config: TenancyConfig,
  ) {}

  async resolve(principal: Principal | undefined, header: string | string[] | undefined): Promise<TenantContext> {
    const decision = decideTenant(principal, header, this.config.tenancyMode);
    return this.check(decision, principal, await this.registry.get(decision.tenantId));
  }

  /**
   * The same answer without waiting when the tenant is cached and fresh (almost every request);
   * undefined when it has to be read first. Throws the same errors as resolve().
   */
  resolveCached(principal: Principal | undefined, header: string | string[] | undefined): TenantContext | undefined {
    const decision = decideTenant(principal, header, this.config.tenancyMode);
    const cached = this.registry.peek(decision.tenantId);
    return cached ? this.check(decision, principal, cached) : undefined;
  }

  private check(decision: TenantRequestDecision, principal: Principal | undefined, tenant: TenantContext | undefined): TenantContext {
    if (!tenant) {
      // A platform role named a tenant that does not exist; credentials naming one are refused.
      if (decision.via === 'header' && principal?.tenantId !== decision.tenantId) throw new NotFoundError(`Tenant "${decision.tenantId}" does not exist.`);
      throw new ForbiddenError(`Tenant "${decision.tenantId}" of these credentials does not exist.`);
    }
    if (tenant.disabled) throw new TenantDisabledError(tenant.tenantId);
    return tenant;
  }
}
