import { Controller, Get, Headers } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, TenantAware, type Principal } from '../framework/auth';
import { ApiProtectedProblems } from '../framework/openapi';
import { TENANT_HEADER, TenantRequiredError } from '../framework/tenancy';
import { TenantResolver } from '../framework/tenancy/tenant.resolver';
import { ConsoleOverviewService } from './console-overview.service';
import { OverviewDto } from './dto/overview.dto';

/** The one route the operator console needs beyond the rest of the API. */
@ApiTags('console')
@ApiProtectedProblems()
@Controller('overview')
export class ConsoleController {
  constructor(
    private readonly overviews: ConsoleOverviewService,
    private readonly tenants: TenantResolver,
  ) {}

  @Get()
  @TenantAware()
  @ApiHeader({
    name: 'X-Tenant-ID',
    required: false,
    description: 'Tenant whose figures to show; platform roles without a tenant of their own may name any tenant, tenant-bound credentials only their own.',
  })
  @ApiOperation({
    summary: "The caller's identity and the tenant's operational overview: health, throughput, queue depth, circuit breakers, recent failures.",
    description:
      'Any authenticated caller. The tenant is resolved as on every tenant route (the credentials\' own, or X-Tenant-ID for platform roles); ' +
      'credentials that act for no tenant get their identity, health and the shared circuit breakers, with tenant_id null and no invoice figures. ' +
      'The figures are bounded: throughput counts the invoices received in the last hour and 24 hours, the queue the unfinished invoices, failures the latest ten.',
  })
  @ApiOkResponse({ type: OverviewDto })
  async overview(@CurrentPrincipal() principal: Principal, @Headers(TENANT_HEADER) header: string | string[] | undefined): Promise<OverviewDto> {
    let tenantId: string | null;
    try {
      tenantId = (await this.tenants.resolve(principal, header)).tenantId;
    } catch (error) {
      if (!(error instanceof TenantRequiredError)) throw error;
      tenantId = null;
    }
    return this.overviews.overview(principal, tenantId);
  }
}
