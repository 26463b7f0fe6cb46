import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../framework/auth';
import { ApiProtectedProblems } from '../framework/openapi';
import { CurrentTenant, TenantScoped, type TenantContext } from '../framework/tenancy';
import { ConsoleOverviewService } from './console-overview.service';
import { OverviewDto } from './dto/overview.dto';

/** The one route the operator console needs beyond the rest of the API. */
@ApiTags('console')
@ApiProtectedProblems()
@TenantScoped()
@Controller('overview')
export class ConsoleController {
  constructor(private readonly overviews: ConsoleOverviewService) {}

  @Get()
  @ApiOperation({
    summary: "The caller's identity and the tenant's operational overview: health, throughput, queue depth, circuit breakers, recent failures.",
    description:
      'Any authenticated caller, for its own tenant (platform credentials: the tenant named by X-Tenant-ID). The figures are bounded: ' +
      'throughput counts the invoices received in the last hour and 24 hours, the queue the unfinished invoices, failures the latest ten.',
  })
  @ApiOkResponse({ type: OverviewDto })
  async overview(@CurrentPrincipal() principal: Principal, @CurrentTenant() tenant: TenantContext): Promise<OverviewDto> {
    return this.overviews.overview(principal, tenant.tenantId);
  }
}
