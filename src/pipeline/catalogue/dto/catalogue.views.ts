import type { CapabilityContractEntity } from '../entities/capability-contract.entity';
import type { ModuleEntity } from '../entities/module.entity';
import type { ProcessingStageEntity } from '../entities/processing-stage.entity';

export const stageView = (s: ProcessingStageEntity) => ({
  stage_id: s.stageId,
  name: s.name,
  order: s.order,
  capability_contract_id: s.capabilityContractId,
  is_required: s.isRequired,
});

export const contractView = (c: CapabilityContractEntity) => ({
  contract_id: c.contractId,
  name: c.name,
  version: c.version,
  inputs: c.inputs,
  outputs: c.outputs,
  guarantees: c.guarantees,
  constraints: c.constraints,
});

export const moduleView = (m: ModuleEntity) => ({
  module_id: m.moduleId,
  name: m.name,
  version: m.version,
  stage_id: m.stageId,
  capability_contract_id: m.capabilityContractId,
  status: m.status,
  is_fallback: m.isFallback,
  metadata: m.metadata,
});
