import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CONFIGURATION_WRITERS, CurrentPrincipal, Principal, type Role, Roles } from '../../framework/auth';
import { NotFoundError, ValidationError } from '../../framework/errors';
import { ApiProblems, ApiProtectedProblems } from '../../framework/openapi';
import { actorOf } from '../actor';
import { CreateShadowRunDto, ListShadowRunsQuery } from './dto/shadow-run.dto';
import { ShadowRunPageDto, ShadowRunView } from './dto/shadow-run.view';
import { ShadowRunsService } from './shadow-runs.service';

/** Reports hold tenants' invoice data: configuration writers and auditors (tenant-bound ones: their tenant's only). */
const SHADOW_READERS: readonly Role[] = [...CONFIGURATION_WRITERS, 'auditor'];

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new ValidationError('Not a UUID.', [{ field: 'shadow_run_id', reason: 'must be a UUID' }]) });

/**
 * Shadow runs: a candidate configuration tried on a tenant's stored invoices with no side
 * effects (no export, fingerprints, status changes, outbox, breakers or stage results). Requests
 * need a configuration writer; reads a configuration writer or an auditor, and credentials bound
 * to a tenant see only their tenant's runs (the report holds its invoice data).
 */
@ApiTags('configuration')
@ApiProtectedProblems()
@Controller('shadow-runs')
export class ShadowRunsController {
  constructor(private readonly shadowRuns: ShadowRunsService) {}

  @Post()
  @HttpCode(202)
  @Roles(...CONFIGURATION_WRITERS)
  @ApiOperation({ summary: "Queue a shadow run of a draft or validated configuration over a tenant's last N invoices or a date range; Location points at it." })
  @ApiAcceptedResponse({ type: ShadowRunView })
  @ApiProblems(404, 409)
  async create(@Body() body: CreateShadowRunDto, @Res({ passthrough: true }) reply: FastifyReply, @CurrentPrincipal() principal?: Principal): Promise<ShadowRunView> {
    const run = await this.shadowRuns.request(
      {
        config: body.config,
        tenantId: body.tenant_id,
        lastN: body.last_n,
        receivedFrom: body.received_from === undefined ? undefined : new Date(body.received_from),
        receivedTo: body.received_to === undefined ? undefined : new Date(body.received_to),
      },
      actorOf(principal),
    );
    void reply.header('location', `/api/v1/shadow-runs/${run.shadowRunId}`);
    return ShadowRunView.from(run);
  }

  @Get()
  @Roles(...SHADOW_READERS)
  @ApiOperation({
    summary: "Shadow runs, newest first (summaries; the per-invoice report is in GET /shadow-runs/{id}); filter by configuration or tenant. Credentials bound to a tenant see their tenant's only.",
  })
  @ApiOkResponse({ type: ShadowRunPageDto })
  async list(@Query() query: ListShadowRunsQuery, @CurrentPrincipal() principal?: Principal): Promise<ShadowRunPageDto> {
    const own = principal?.tenantId;
    if (own && query.tenant_id && query.tenant_id !== own) return { items: [], next_cursor: null };
    const page = await this.shadowRuns.list({ configId: query.config_id, tenantId: own ?? query.tenant_id, limit: query.limit, cursor: query.cursor });
    return { items: page.items.map((r) => ShadowRunView.from(r)), next_cursor: page.nextCursor };
  }

  @Get(':shadow_run_id')
  @Roles(...SHADOW_READERS)
  @ApiOperation({ summary: "One shadow run with its summary and per-invoice report (what would differ). Another tenant's run is not found for credentials bound to a tenant." })
  @ApiOkResponse({ type: ShadowRunView })
  @ApiProblems(404)
  async get(@Param('shadow_run_id', uuid) shadowRunId: string, @CurrentPrincipal() principal?: Principal): Promise<ShadowRunView> {
    const run = await this.shadowRuns.get(shadowRunId);
    // The report holds the tenant's invoice data: a tenant-bound caller sees only its own tenant's.
    if (principal?.tenantId && principal.tenantId !== run.tenantId) throw new NotFoundError(`Shadow run ${shadowRunId} does not exist.`);
    return ShadowRunView.from(run, true);
  }
}
