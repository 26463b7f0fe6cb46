import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiProtectedProblems } from '../../framework/openapi';
import { ActivationDto, ActivationResultDto, ConfigurationDiffDto, ConfigurationPageDto, ConfigurationReportDto } from './dto/configuration-responses.dto';
import type { FastifyReply } from 'fastify';
import { CONFIGURATION_WRITERS, CurrentPrincipal, Principal, Roles } from '../../framework/auth';
import { ValidationError } from '../../framework/errors';
import { ActivationResult, ActivationService } from '../activation/activation.service';
import { actorOf } from '../actor';
import { ChangePolicy } from '../change-requests/change-policy';
import { diffSelections } from './configuration-diff';
import { ConfigurationsService, selectionsOf, ValidationReport } from './configurations.service';
import { ConfigurationView, redactedDiff } from './dto/configuration.view';
import { CreateConfigurationDto } from './dto/create-configuration.dto';
import { ListConfigurationsQuery } from './dto/list-configurations.query';
import { RollbackDto } from './dto/rollback.dto';
import type { ConfigurationActivationEntity } from '../activation/entities/configuration-activation.entity';

const toInput = (dto: CreateConfigurationDto) => ({
  summary: dto.summary,
  basedOnVersion: dto.based_on_version,
  selections: dto.selections.map((s) => ({ stageId: s.stage_id, moduleId: s.module_id, settings: s.settings ?? {} })),
});

const reportView = (report: ValidationReport): ConfigurationReportDto => ({
  valid: report.valid,
  problems: report.problems,
  warnings: report.warnings,
  ...(report.configuration ? { configuration: ConfigurationView.from(report.configuration) } : {}),
});

const activationView = (a: ConfigurationActivationEntity): ActivationDto => ({
  activation_id: a.activationId,
  config_id: a.configId,
  kind: a.kind,
  state: a.state,
  requested_by: a.requestedBy,
  requested_at: a.requestedAt.toISOString(),
  finished_at: a.finishedAt?.toISOString() ?? null,
  message: a.message,
  gate_closed_at: a.gateClosedAt?.toISOString() ?? null,
  runs_drained: a.runsDrained,
  switch_delay_ms: a.switchDelayMs,
});

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new ValidationError('Not a UUID.', [{ field: 'id', reason: 'must be a UUID' }]) });

/**
 * Versioned module configurations. `{id}` is a config_id (UUID) or a version number. Writes need
 * maintainer, operator or admin; reads any authenticated role.
 */
@ApiTags('configuration')
@ApiProtectedProblems()
@Controller('configurations')
export class ConfigurationsController {
  constructor(
    private readonly configurations: ConfigurationsService,
    private readonly activation: ActivationService,
    private readonly changes: ChangePolicy,
  ) {}

  @Post()
  @Roles(...CONFIGURATION_WRITERS)
  @ApiOperation({ summary: 'Create a draft (a change is always a new version, optionally based on an existing one).' })
  @ApiCreatedResponse({ type: ConfigurationView })
  @ApiProblems(404, 409)
  async create(@Body() body: CreateConfigurationDto, @CurrentPrincipal() principal?: Principal) {
    return ConfigurationView.from(await this.configurations.create(toInput(body), actorOf(principal)));
  }

  @Get()
  @ApiOperation({ summary: 'Configuration history, newest version first; filter by status; cursor pagination.' })
  @ApiOkResponse({ type: ConfigurationPageDto })
  async list(@Query() query: ListConfigurationsQuery): Promise<ConfigurationPageDto> {
    const page = await this.configurations.list(query);
    return { items: page.items.map((c) => ConfigurationView.from(c)), next_cursor: page.nextCursor };
  }

  @Get('active')
  @ApiOperation({ summary: 'The active configuration.' })
  @ApiOkResponse({ type: ConfigurationView })
  @ApiProblems(404)
  async active(): Promise<ConfigurationView> {
    return ConfigurationView.from(await this.configurations.active());
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate an unsaved configuration body; nothing is stored.' })
  @ApiOkResponse({ type: ConfigurationReportDto })
  async validateUnsaved(@Body() body: CreateConfigurationDto): Promise<ConfigurationReportDto> {
    return reportView(await this.configurations.validateUnsaved(toInput(body)));
  }

  @Post('rollback')
  @Roles(...CONFIGURATION_WRITERS)
  @ApiOperation({ summary: 'Restore an earlier version as a new version and activate it (default: the previously active one). Needs a change request (409) unless CHANGE_APPROVALS_REQUIRED=0 or CHANGE_FAST_ROLLBACK=true.' })
  @ApiOkResponse({ type: ActivationResultDto, description: 'Activated.' })
  @ApiAcceptedResponse({ type: ActivationResultDto, description: 'Queued behind runs in flight; Location points at the activation.' })
  @ApiProblems(404, 409, 422)
  async rollback(@Body() body: RollbackDto, @Res({ passthrough: true }) reply: FastifyReply, @CurrentPrincipal() principal?: Principal) {
    this.changes.assertDirect('rollback');
    return this.activationResponse(await this.activation.rollback(body.to_version, actorOf(principal)), reply);
  }

  @Get('activations/:activation_id')
  @ApiOperation({ summary: 'State of a queued activation.' })
  @ApiOkResponse({ type: ActivationDto })
  @ApiProblems(404)
  async activationState(@Param('activation_id', uuid) activationId: string): Promise<ActivationDto> {
    return activationView(await this.activation.activation(activationId));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One configuration with its selections.' })
  @ApiOkResponse({ type: ConfigurationView })
  @ApiProblems(404)
  async get(@Param('id') id: string): Promise<ConfigurationView> {
    return ConfigurationView.from(await this.configurations.get(id));
  }

  @Post(':id/validate')
  @Roles(...CONFIGURATION_WRITERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate a draft: it becomes validated, or rejected with every reason.' })
  @ApiOkResponse({ type: ConfigurationReportDto })
  @ApiProblems(404, 409)
  async validate(@Param('id') id: string, @CurrentPrincipal() principal?: Principal): Promise<ConfigurationReportDto> {
    return reportView(await this.configurations.validateStored(id, actorOf(principal)));
  }

  @Post(':id/activate')
  @Roles(...CONFIGURATION_WRITERS)
  @ApiOperation({ summary: 'Activate a validated configuration: 200 when switched, 202 when queued behind runs in flight. Needs a change request (409) unless CHANGE_APPROVALS_REQUIRED=0.' })
  @ApiOkResponse({ type: ActivationResultDto, description: 'Activated.' })
  @ApiAcceptedResponse({ type: ActivationResultDto, description: 'Queued behind runs in flight; Location points at the activation.' })
  @ApiProblems(404, 409)
  async activate(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply, @CurrentPrincipal() principal?: Principal) {
    this.changes.assertDirect('activate');
    return this.activationResponse(await this.activation.activate(id, actorOf(principal)), reply);
  }

  @Get(':a/diff/:b')
  @ApiOperation({ summary: 'Per stage: module and settings differences between two versions.' })
  @ApiOkResponse({ type: ConfigurationDiffDto })
  @ApiProblems(404)
  async diff(@Param('a') a: string, @Param('b') b: string): Promise<ConfigurationDiffDto> {
    const [left, right] = await Promise.all([this.configurations.get(a), this.configurations.get(b)]);
    return { a: left.version, b: right.version, stages: redactedDiff(diffSelections(selectionsOf(left), selectionsOf(right))) };
  }

  private activationResponse(result: ActivationResult, reply: FastifyReply): ActivationResultDto {
    if (result.state === 'activated') {
      void reply.status(200);
      return { state: 'activated', configuration: ConfigurationView.from(result.configuration), ...(result.activation ? { activation: activationView(result.activation) } : {}) };
    }
    void reply.status(202).header('location', `/api/v1/configurations/activations/${result.activation.activationId}`);
    return { state: 'pending', configuration: ConfigurationView.from(result.configuration), activation: activationView(result.activation) };
  }
}
