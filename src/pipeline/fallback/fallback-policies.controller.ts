import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiProtectedProblems } from '../../framework/openapi';
import { FallbackPolicyView } from './dto/fallback-policy.view';
import { CONFIGURATION_WRITERS, CurrentPrincipal, Principal, Roles } from '../../framework/auth';
import { actorOf } from '../actor';
import { PutFallbackPolicyDto } from './dto/put-fallback-policy.dto';
import type { FallbackPolicyEntity } from './entities/fallback-policy.entity';
import { FallbackPoliciesService } from './fallback-policies.service';

const view = (p: FallbackPolicyEntity): FallbackPolicyView => ({
  policy_id: p.policyId,
  stage_id: p.stageId,
  fallback_module_id: p.fallbackModuleId,
  trigger_conditions: p.triggerConditions,
  actions: p.actions,
  updated_by: p.updatedBy,
  updated_at: p.updatedAt.toISOString(),
});

@ApiTags('configuration')
@ApiProtectedProblems()
@Controller('fallback-policies')
export class FallbackPoliciesController {
  constructor(private readonly policies: FallbackPoliciesService) {}

  @Get()
  @ApiOperation({ summary: 'Fallback policy of every stage.' })
  @ApiOkResponse({ type: [FallbackPolicyView] })
  async list(): Promise<FallbackPolicyView[]> {
    return (await this.policies.list()).map(view);
  }

  @Put(':stage_id')
  @Roles(...CONFIGURATION_WRITERS)
  @ApiOperation({ summary: "Create or replace a stage's fallback policy; its module must satisfy the stage's contract." })
  @ApiOkResponse({ type: FallbackPolicyView })
  @ApiProblems(404, 422)
  async put(@Param('stage_id') stageId: string, @Body() body: PutFallbackPolicyDto, @CurrentPrincipal() principal?: Principal) {
    return view(await this.policies.put(stageId, body, actorOf(principal)));
  }
}
