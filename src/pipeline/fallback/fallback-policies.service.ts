import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FieldError, NotFoundError, ValidationError } from '../../framework/errors';
import { ChangeEventsService } from '../audit/change-events.service';
import { CapabilityContractEntity } from '../catalogue/entities/capability-contract.entity';
import { ModuleEntity } from '../catalogue/entities/module.entity';
import { ProcessingStageEntity } from '../catalogue/entities/processing-stage.entity';
import { satisfiesContract } from '../catalogue/semver';
import type { PutFallbackPolicyDto } from './dto/put-fallback-policy.dto';
import { FallbackPolicyEntity } from './entities/fallback-policy.entity';

/** Per-stage fallback policies: what happens when a stage's module fails or is unavailable. */
@Injectable()
export class FallbackPoliciesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: ChangeEventsService,
  ) {}

  list(): Promise<FallbackPolicyEntity[]> {
    return this.dataSource.getRepository(FallbackPolicyEntity).find({ order: { stageId: 'ASC' } });
  }

  async forStage(stageId: string): Promise<FallbackPolicyEntity | null> {
    return this.dataSource.getRepository(FallbackPolicyEntity).findOneBy({ stageId });
  }

  /** Creates or replaces the stage's policy after checking it against the stage and its contract. */
  async put(stageId: string, dto: PutFallbackPolicyDto, actor: string): Promise<FallbackPolicyEntity> {
    const stage = await this.dataSource.getRepository(ProcessingStageEntity).findOneBy({ stageId });
    if (!stage) throw new NotFoundError(`Stage ${stageId} does not exist.`);
    const fallbackModuleId = dto.fallback_module_id ?? null;
    const problems = await this.problems(stage, fallbackModuleId, dto);
    if (problems.length > 0) throw new ValidationError(`The fallback policy for ${stageId} is not valid.`, problems);

    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(FallbackPolicyEntity);
      const existing = await repository.findOneBy({ stageId });
      const saved = await repository.save(
        repository.create({
          ...(existing ? { policyId: existing.policyId } : {}),
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
        }),
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
        manager,
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
      const module = await this.dataSource.getRepository(ModuleEntity).findOneBy({ moduleId: fallbackModuleId });
      if (!module) {
        problems.push({ field: 'fallback_module_id', reason: `unknown module ${fallbackModuleId}` });
      } else {
        if (module.stageId !== stage.stageId) {
          problems.push({ field: 'fallback_module_id', reason: `module ${module.moduleId} belongs to stage ${module.stageId}, not ${stage.stageId}` });
        }
        const contracts = this.dataSource.getRepository(CapabilityContractEntity);
        const [declared, required] = await Promise.all([
          contracts.findOneBy({ contractId: module.capabilityContractId }),
          contracts.findOneBy({ contractId: stage.capabilityContractId }),
        ]);
        if (declared && required && (declared.name !== required.name || !satisfiesContract(declared.version, required.version))) {
          problems.push({ field: 'fallback_module_id', reason: `module ${module.moduleId} declares ${declared.contractId}, incompatible with ${required.contractId}` });
        }
      }
    }
    return problems;
  }
}
