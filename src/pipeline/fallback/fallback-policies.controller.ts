import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CONFIGURATION_WRITERS, CurrentPrincipal, Principal, Roles } from '../../framework/auth';
import { actorOf } from '../actor';
import { PutFallbackPolicyDto } from './dto/put-fallback-policy.dto';
import type { FallbackPolicyEntity } from './entities/fallback-policy.entity';
import { FallbackPoliciesService } from './fallback-policies.service';

const view = (p: FallbackPolicyEntity) => ({
  policy_id: p.policyId,
  stage_id: p.stageId,
  fallback_module_id: p.fallbackModuleId,
  trigger_conditions: p.triggerConditions,
  actions: p.actions,
  updated_by: p.updatedBy,
  updated_at: p.updatedAt.toISOString(),
});

@ApiTags('configuration')
@Controller('fallback-policies')
export class FallbackPoliciesController {
  constructor(private readonly policies: FallbackPoliciesService) {}

  @Get()
  @ApiOperation({ summary: 'Fallback policy of every stage.' })
  async list() {
    return (await this.policies.list()).map(view);
  }

  @Put(':stageId')
  @Roles(...CONFIGURATION_WRITERS)
  @ApiOperation({ summary: "Create or replace a stage's fallback policy; its module must satisfy the stage's contract." })
  async put(@Param('stageId') stageId: string, @Body() body: PutFallbackPolicyDto, @CurrentPrincipal() principal?: Principal) {
    return view(await this.policies.put(stageId, body, actorOf(principal)));
  }
}
