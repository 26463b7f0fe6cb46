import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { TenantRegistry } from '../framework/tenancy';

/**
 * How many distinct approvals an invoice awaiting approval needs: two when its total is above the
 * tenant's TENANT_SECOND_APPROVAL_ABOVE (or unknown while that is set: fail closed), else one.
 */
@Injectable()
export class ApprovalPolicy {
  constructor(private readonly registry: TenantRegistry) {}

  async approvalsRequired(tenantId: string, total: string | null): Promise<number> {
    const threshold = (await this.registry.get(tenantId))?.config.secondApprovalAbove;
    if (threshold === undefined) return 1;
    if (total === null) return 2;
    return new Decimal(total).greaterThan(threshold) ? 2 : 1;
  }
}
