import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ValidationError } from '../../errors';
import { ApiProblems, ApiProtectedProblems } from '../../openapi';
import { AUTH_CLOCK, type Clock } from '../clock';
import { CurrentPrincipal } from '../current-principal.decorator';
import type { Principal } from '../principal';
import { Roles } from '../roles.decorator';
import { assertOwnTenant, TenantAware } from '../tenant-binding';
import { ApiKeyService } from './api-key.service';
import { ApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

const DAY_MS = 24 * 60 * 60 * 1000;
const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationError('The key id is not a UUID.', [{ field: 'id', reason: 'must be a UUID' }]),
});

/**
 * API key administration. An admin bound to a tenant manages that tenant's keys only: it cannot
 * mint a key for another tenant or a key without a tenant (that would let it leave its tenant).
 */
@ApiTags('admin')
@ApiProtectedProblems()
@Roles('admin')
@TenantAware()
@Controller('admin/api-keys')
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeyService,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key; the response shows the key once.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<CreatedApiKeyDto> {
    const tenantId = body.tenant_id ?? principal.tenantId ?? null;
    if (principal.tenantId) assertOwnTenant(principal, tenantId ?? '');
    const expiresAt = body.expires_in_days ? new Date(this.clock.now().getTime() + body.expires_in_days * DAY_MS) : null;
    const { entity, key } = await this.keys.create({
      name: body.name,
      roles: body.roles,
      tenantId,
      expiresAt,
      createdBy: principal.subject,
    });
    return CreatedApiKeyDto.withKey(entity, key);
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (never their secrets).' })
  @ApiOkResponse({ type: ApiKeyDto, isArray: true })
  async list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyDto[]> {
    const keys = await this.keys.list();
    return keys.filter((entity) => !principal.tenantId || entity.tenantId === principal.tenantId).map((entity) => ApiKeyDto.from(entity));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once.' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblems(404)
  async revoke(@Param('id', uuidPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.keys.revoke(id, principal.subject, principal.tenantId);
  }
}
