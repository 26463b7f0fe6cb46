import { Injectable } from '@nestjs/common';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { FieldError, NotFoundError, ValidationError } from '../../framework/errors';
import { ChangeEventsService } from '../audit/change-events.service';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import type { ProcessingStageEntity } from '../catalogue/entities/processing-stage.entity';
import { satisfiesContract } from '../catalogue/semver';
import type { PutFallbackPolicyDto } from './dto/put-fallback-policy.dto';
import { FallbackPolicyEntity } from './entities/fallback-policy.entity';
import { FallbackPolicyRepository } from './fallback-policy.repository';

/** Per-stage fallback policies: what happens when a stage's module fails or is unavailable. */
@Injectable()
export class FallbackPoliciesService {
  constructor(
    private readonly db: PlatformDatabase,
    private readonly policies: FallbackPolicyRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly audit: ChangeEventsService,
  ) {}

  list(): Promise<FallbackPolicyEntity[]> {
    return this.policies.all();
  }

  async forStage(stageId: string): Promise<FallbackPolicyEntity | null> {
    return this.policies.forStage(stageId);
  }

  /** Creates or replaces the stage's policy after checking it against the stage and its contract. */
  async put(stageId: string, dto: PutFallbackPolicyDto, actor: string): Promise<FallbackPolicyEntity> {
    const stage = await this.catalogue.stage(stageId);
    if (!stage) throw new NotFoundError(`Stage ${stageId} does not exist.`);
    const fallbackModuleId = dto.fallback_module_id ?? null;
    const problems = await this.problems(stage, fallbackModuleId, dto);
    if (problems.length > 0) throw new ValidationError(`The fallback policy for ${stageId} is not valid.`, problems);

    return this.db.transaction(async (tx) => {
      const existing = await this.policies.forStage(stageId, tx);
      const saved = await this.policies.save(
        {
          stageId,
          fallbackModuleId,
          triggerConditions: {
            error: dto.trigger_conditions.error,
            timeout_ms: dto.trigger_conditions.timeout_ms ?? null,
            circuit_open: dto.trigger_conditions.circuit_open ?? null,
            module_unavailable: dto.trigger_conditions.module_unavailable,
          },
          actions: { retry: dto.actions.retry ?? null, on_failure: dto.actions.on_failure, mark_for_review: dto.actions.mark_for_review },
          updatedBy: actor,
        },
        existing,
        tx,
      );
      await this.audit.record(
        {
          configId: null,
          action: 'fallback_policy_changed',
          actor,
          result: 'success',
          message: `fallback policy of stage ${stageId} ${existing ? 'replaced' : 'created'}`,
          details: { stage_id: stageId, before: existing ? { fallback_module_id: existing.fallbackModuleId, trigger_conditions: existing.triggerConditions, actions: existing.actions } : null, after: { fallback_module_id: saved.fallbackModuleId, trigger_conditions: saved.triggerConditions, actions: saved.actions } },
        },
        tx,
      );
      return saved;
    });
  }

  private async problems(stage: ProcessingStageEntity, fallbackModuleId: string | null, dto: PutFallbackPolicyDto): Promise<FieldError[]> {
    const problems: FieldError[] = [];
    if (dto.actions.on_failure === 'skip_stage' && stage.isRequired) {
      problems.push({ field: 'actions.on_failure', reason: `stage ${stage.stageId} is required; it cannot be skipped` });
    }
    if (dto.actions.on_failure === 'use_fallback' && !fallbackModuleId) {
      problems.push({ field: 'fallback_module_id', reason: 'use_fallback needs a fallback module' });
    }
    if (fallbackModuleId) {
      const module = await this.catalogue.module(fallbackModuleId);
      if (!module) {
        problems.push({ field: 'fallback_module_id', reason: `unknown module ${fallbackModuleId}` });
      } else {
        if (module.stageId !== stage.stageId) {
          problems.push({ field: 'fallback_module_id', reason: `module ${module.moduleId} belongs to stage ${module.stageId}, not ${stage.stageId}` });
        }
        const [declared, required] = await Promise.all([this.catalogue.contract(module.capabilityContractId), this.catalogue.contract(stage.capabilityContractId)]);
        if (declared && required && (declared.name !== required.name || !satisfiesContract(declared.version, required.version))) {
          problems.push({ field: 'fallback_module_id', reason: `module ${module.moduleId} declares ${declared.contractId}, incompatible with ${required.contractId}` });
        }
      }
    }
    return problems;
  }
}
