import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CONFIGURATION_WRITERS, CurrentPrincipal, Principal, Roles } from '../../framework/auth';
import { ValidationError } from '../../framework/errors';
import { ApiProblems, ApiProtectedProblems } from '../../framework/openapi';
import { actorOf } from '../actor';
import { ShadowRunsService } from '../shadow/shadow-runs.service';
import { type ChangeRequestDetail, ChangeRequestsService } from './change-requests.service';
import { ApproveChangeRequestDto, CancelChangeRequestDto, CreateChangeRequestDto, ListChangeRequestsQuery, RejectChangeRequestDto } from './dto/change-request.dto';
import { ChangeRequestPageDto, ChangeRequestSummaryView, ChangeRequestView } from './dto/change-request.view';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new ValidationError('Not a UUID.', [{ field: 'change_request_id', reason: 'must be a UUID' }]) });
const date = (value: string | undefined): Date | undefined => (value === undefined ? undefined : new Date(value));

/**
 * Change requests (four eyes): submit a configuration version for approval, approve or reject it
 * (never the author), cancel it or its scheduled activation. Writes need a configuration writer
 * (maintainer, operator, admin); reads any authenticated role.
 */
@ApiTags('configuration')
@ApiProtectedProblems()
@Controller('change-requests')
export class ChangeRequestsController {
  constructor(
    private readonly changeRequests: ChangeRequestsService,
    private readonly shadowRuns: ShadowRunsService,
  ) {}

  @Post()
  @Roles(...CONFIGURATION_WRITERS)
  @ApiOperation({
    summary:
      'Submit a validated version (kind activate) or an earlier active version (kind rollback) for approval, with a comment and optionally an activation time. With CHANGE_APPROVALS_REQUIRED=0 it is approved at once.',
  })
  @ApiCreatedResponse({ type: ChangeRequestView })
  @ApiProblems(404, 409)
  async submit(@Body() body: CreateChangeRequestDto, @Res({ passthrough: true }) reply: FastifyReply, @CurrentPrincipal() principal?: Principal): Promise<ChangeRequestView> {
    const detail = await this.changeRequests.submit({ config: body.config, kind: body.kind ?? 'activate', comment: body.comment, activateAt: date(body.activate_at) }, actorOf(principal));
    void reply.header('location', `/api/v1/change-requests/${detail.request.changeRequestId}`);
    return this.view(detail, principal);
  }

  @Get()
  @ApiOperation({ summary: 'Change requests, newest first; filter by state or configuration; cursor pagination.' })
  @ApiOkResponse({ type: ChangeRequestPageDto })
  async list(@Query() query: ListChangeRequestsQuery): Promise<ChangeRequestPageDto> {
    const page = await this.changeRequests.list({ state: query.state, configId: query.config_id, limit: query.limit, cursor: query.cursor });
    return { items: page.items.map((r) => ChangeRequestSummaryView.from(r)), next_cursor: page.nextCursor };
  }

  @Get(':change_request_id')
  @ApiOperation({ summary: 'One change request with its reviews, its configuration and the shadow runs of that configuration.' })
  @ApiOkResponse({ type: ChangeRequestView })
  @ApiProblems(404)
  async get(@Param('change_request_id', uuid) id: string, @CurrentPrincipal() principal?: Principal): Promise<ChangeRequestView> {
    return this.view(await this.changeRequests.detail(id), principal);
  }

  @Post(':change_request_id/approve')
  @HttpCode(200)
  @Roles(...CONFIGURATION_WRITERS)
  @ApiOperation({
    summary:
      'Approve (never the author: 403). With enough approvals the version is activated (queued behind runs in flight: state activation_queued) or scheduled (activate_at).',
  })
  @ApiOkResponse({ type: ChangeRequestView })
  @ApiProblems(404, 409)
  async approve(@Param('change_request_id', uuid) id: string, @Body() body: ApproveChangeRequestDto, @CurrentPrincipal() principal?: Principal): Promise<ChangeRequestView> {
    return this.view(await this.changeRequests.approve(id, { comment: body.comment, activateAt: date(body.activate_at) }, actorOf(principal)), principal);
  }

  @Post(':change_request_id/reject')
  @HttpCode(200)
  @Roles(...CONFIGURATION_WRITERS)
  @ApiOperation({ summary: 'Reject with a comment (never the author: 403); the active version stays as it is.' })
  @ApiOkResponse({ type: ChangeRequestView })
  @ApiProblems(404, 409)
  async reject(@Param('change_request_id', uuid) id: string, @Body() body: RejectChangeRequestDto, @CurrentPrincipal() principal?: Principal): Promise<ChangeRequestView> {
    return this.view(await this.changeRequests.reject(id, { comment: body.comment }, actorOf(principal)), principal);
  }

  @Post(':change_request_id/cancel')
  @HttpCode(200)
  @Roles(...CONFIGURATION_WRITERS)
  @ApiOperation({ summary: 'Withdraw an open request, or cancel a scheduled activation before its time.' })
  @ApiOkResponse({ type: ChangeRequestView })
  @ApiProblems(404, 409)
  async cancel(@Param('change_request_id', uuid) id: string, @Body() body: CancelChangeRequestDto, @CurrentPrincipal() principal?: Principal): Promise<ChangeRequestView> {
    return this.view(await this.changeRequests.cancel(id, { comment: body.comment }, actorOf(principal)), principal);
  }

  /** Shadow runs name tenants and count their invoices: a tenant-bound caller sees its own tenant's only. */
  private async view(detail: ChangeRequestDetail, principal: Principal | undefined): Promise<ChangeRequestView> {
    return ChangeRequestView.detail(detail, await this.shadowRuns.ofConfiguration(detail.request.configId, principal?.tenantId));
  }
}
