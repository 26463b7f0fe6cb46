import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError as ClassValidatorError } from 'class-validator';
import type { FieldError } from '../../framework/errors';
import { fieldErrors } from '../../framework/http';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import type { CapabilityContractEntity } from '../catalogue/entities/capability-contract.entity';
import type { ModuleEntity } from '../catalogue/entities/module.entity';
import type { ProcessingStageEntity } from '../catalogue/entities/processing-stage.entity';
import { ModuleCatalogue } from '../catalogue/module-catalogue.service';
import { satisfiesContract } from '../catalogue/semver';
import { FallbackPolicyRepository } from '../fallback/fallback-policy.repository';
import type { Selection } from './selection';

export interface ValidationOutcome {
  valid: boolean;
  /** Every reason the configuration cannot be activated, at once. */
  problems: FieldError[];
  /** Worth knowing, not blocking (e.g. a fallback module that is unavailable right now). */
  warnings: FieldError[];
}

/**
 * Checks a set of selections against the stages, the module catalogue, the capability contracts
 * and the fallback policies. Returns every problem, never only the first.
 */
@Injectable()
export class ConfigurationValidator {
  constructor(
    private readonly repository: CatalogueRepository,
    private readonly policyRepository: FallbackPolicyRepository,
    private readonly catalogue: ModuleCatalogue,
  ) {}

  async validate(selections: Selection[]): Promise<ValidationOutcome> {
    const [stages, modules, contracts, policies] = await Promise.all([
      this.repository.stages(),
      this.repository.modules(),
      this.repository.contracts(),
      this.policyRepository.all(),
    ]);
    const stageById = new Map(stages.map((s) => [s.stageId, s]));
    const moduleById = new Map(modules.map((m) => [m.moduleId, m]));
    const contractById = new Map(contracts.map((c) => [c.contractId, c]));
    const problems: FieldError[] = [];
    const warnings: FieldError[] = [];

    const selectedStages = new Map<string, number>();
    for (const [index, selection] of selections.entries()) {
      const at = `selections[${index}]`;
      const stage = stageById.get(selection.stageId);
      if (!stage) {
        problems.push({ field: `${at}.stage_id`, reason: `unknown stage ${selection.stageId}` });
        continue;
      }
      if (selectedStages.has(selection.stageId)) {
        problems.push({ field: `${at}.stage_id`, reason: `stage ${selection.stageId} is already selected at selections[${selectedStages.get(selection.stageId)}]` });
      }
      selectedStages.set(selection.stageId, index);

      const module = moduleById.get(selection.moduleId);
      if (!module) {
        problems.push({ field: `${at}.module_id`, reason: `unknown module ${selection.moduleId}` });
        continue;
      }
      problems.push(...this.moduleFits(module, stage, contractById, `${at}.module_id`));
      problems.push(...(await this.settingsProblems(selection, `${at}.settings`)));
    }

    for (const stage of stages) {
      if (stage.isRequired && !selectedStages.has(stage.stageId)) {
        problems.push({ field: 'selections', reason: `required stage ${stage.stageId} has no selection` });
      }
    }

    for (const policy of policies) {
      if (!policy.fallbackModuleId) continue;
      const field = `fallback_policies.${policy.stageId}.fallback_module_id`;
      const module = moduleById.get(policy.fallbackModuleId);
      const stage = stageById.get(policy.stageId);
      if (!module || !stage) continue;
      const misfits = this.moduleFits(module, stage, contractById, field).filter((p) => !p.reason.includes('is not available'));
      problems.push(...misfits);
      if (module.status !== 'available') warnings.push({ field, reason: `fallback module ${module.moduleId} is ${module.status}` });
    }

    return { valid: problems.length === 0, problems, warnings };
  }

  /** Belongs to the stage, is available, and declares a compatible version of the stage's contract. */
  private moduleFits(
    module: ModuleEntity,
    stage: ProcessingStageEntity,
    contracts: Map<string, CapabilityContractEntity>,
    field: string,
  ): FieldError[] {
    const problems: FieldError[] = [];
    if (module.stageId !== stage.stageId) {
      problems.push({ field, reason: `module ${module.moduleId} belongs to stage ${module.stageId}, not ${stage.stageId}` });
    }
    if (module.status !== 'available') {
      problems.push({ field, reason: `module ${module.moduleId} is not available (status ${module.status})` });
    }
    const required = contracts.get(stage.capabilityContractId);
    const declared = contracts.get(module.capabilityContractId);
    if (required && declared && (declared.name !== required.name || !satisfiesContract(declared.version, required.version))) {
      problems.push({
        field,
        reason: `module ${module.moduleId} declares contract ${declared.contractId}, incompatible with ${required.contractId} required by stage ${stage.stageId}`,
      });
    }
    return problems;
  }

  /** Settings must pass the module's own settings DTO, with field-level messages. */
  private async settingsProblems(selection: Selection, field: string): Promise<FieldError[]> {
    const entry = this.catalogue.get(selection.moduleId);
    const settingsClass = entry?.definition.settings;
    if (!settingsClass) {
      return Object.keys(selection.settings).length === 0 || !entry
        ? []
        : [{ field, reason: `module ${selection.moduleId} takes no settings` }];
    }
    const instance = plainToInstance(settingsClass, selection.settings);
    const errors: ClassValidatorError[] = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
    return fieldErrors(errors).map((e) => ({ field: `${field}.${e.field}`, reason: e.reason }));
  }
}
