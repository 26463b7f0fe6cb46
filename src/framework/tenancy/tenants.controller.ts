import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { assertOwnTenant, assertTenantless, TenantAware } from '../auth/tenant-binding';
import { Roles } from '../auth/roles.decorator';
import { ValidationError } from '../errors';
import { ApiProblems, ApiProtectedProblems } from '../openapi';
import { TenantReloadView } from './dto/tenant-reload.view';
import { CreateTenantDto } from './dto/create-tenant.dto';
import { ListTenantsQuery } from './dto/list-tenants.query';
import { TenantView } from './dto/tenant.view';
import { UpdateTenantDto } from './dto/update-tenant.dto';
import { TENANT_ID_PATTERN } from './tenant-resolution';
import { TenantsService } from './tenants.service';

/**
 * Tenant administration (admin only): create, list, read, update overrides, disable, reload. An
 * admin bound to a tenant administers that tenant only: creating and listing tenants span
 * tenants and need credentials without one.
 */
@ApiTags('admin')
@ApiProtectedProblems()
@Roles('admin')
@TenantAware()
@Controller('admin/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a tenant (409 when the id exists).' })
  @ApiCreatedResponse({ type: TenantView })
  @ApiProblems(409)
  async create(@Body() body: CreateTenantDto, @CurrentPrincipal() principal: Principal): Promise<TenantView> {
    assertTenantless(principal);
    return TenantView.from(await this.tenants.create({ tenantId: body.tenant_id, name: body.name, config: body.config }, principal.subject));
  }

  @Get()
  @ApiOperation({ summary: 'List tenants by id (keyset pages: pass the last id as `after`).' })
  @ApiOkResponse({ type: TenantView, isArray: true })
  async list(@Query() query: ListTenantsQuery, @CurrentPrincipal() principal: Principal): Promise<TenantView[]> {
    assertTenantless(principal);
    return (await this.tenants.list(query.after, query.limit)).map((t) => TenantView.from(t));
  }

  @Get(':tenant_id')
  @ApiOperation({ summary: 'A tenant with its merged configuration and the layer of each value.' })
  @ApiOkResponse({ type: TenantView })
  @ApiProblems(404)
  async get(@Param('tenant_id') tenantId: string, @CurrentPrincipal() principal: Principal): Promise<TenantView> {
    return TenantView.from(await this.tenants.get(checkedId(tenantId, principal)));
  }

  @Patch(':tenant_id')
  @ApiOperation({ summary: 'Rename a tenant or change its configuration overrides (null removes one).' })
  @ApiOkResponse({ type: TenantView })
  @ApiProblems(404)
  async update(@Param('tenant_id') tenantId: string, @Body() body: UpdateTenantDto, @CurrentPrincipal() principal: Principal): Promise<TenantView> {
    return TenantView.from(await this.tenants.update(checkedId(tenantId, principal), body, principal.subject));
  }

  @Post(':tenant_id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a tenant: its credentials get 403 on tenant routes.' })
  @ApiOkResponse({ type: TenantView })
  @ApiProblems(404)
  async disable(@Param('tenant_id') tenantId: string, @CurrentPrincipal() principal: Principal): Promise<TenantView> {
    return TenantView.from(await this.tenants.setDisabled(checkedId(tenantId, principal), true, principal.subject));
  }

  @Post(':tenant_id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled tenant again.' })
  @ApiOkResponse({ type: TenantView })
  @ApiProblems(404)
  async enable(@Param('tenant_id') tenantId: string, @CurrentPrincipal() principal: Principal): Promise<TenantView> {
    return TenantView.from(await this.tenants.setDisabled(checkedId(tenantId, principal), false, principal.subject));
  }

  @Post(':tenant_id/config/reload')
  @HttpCode(200)
  @ApiOperation({ summary: "Re-read one tenant's configuration (e.g. after another replica changed it)." })
  @ApiOkResponse({ type: TenantReloadView })
  @ApiProblems(404)
  async reload(@Param('tenant_id') tenantId: string, @CurrentPrincipal() principal: Principal): Promise<TenantReloadView> {
    const { tenant, changed } = await this.tenants.reload(checkedId(tenantId, principal));
    return { changed, tenant: TenantView.from(tenant) };
  }
}

/** A well-formed tenant id the caller may act for (tenant-bound credentials: their own only). */
function checkedId(tenantId: string, principal: Principal): string {
  if (!TENANT_ID_PATTERN.test(tenantId)) throw new ValidationError('The tenant id is malformed.', [{ field: 'tenant_id', reason: `must match ${TENANT_ID_PATTERN.source}` }]);
  assertOwnTenant(principal, tenantId);
  return tenantId;
}
