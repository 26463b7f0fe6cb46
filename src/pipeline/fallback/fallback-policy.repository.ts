import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { FallbackActions, FallbackPolicyEntity, TriggerConditions } from './entities/fallback-policy.entity';

export interface FallbackPolicyValues {
  stageId: string;
  fallbackModuleId: string | null;
  triggerConditions: TriggerConditions;
  actions: FallbackActions;
  updatedBy: string;
}

/** The fallback_policies table: one policy per stage. Methods join the caller's transaction when given one (`tx`). */
@Injectable()
export class FallbackPolicyRepository {
  constructor(private readonly db: PlatformDatabase) {}

  /** Every policy, by stage. */
  all(tx?: EntityManager): Promise<FallbackPolicyEntity[]> {
    return (tx ?? this.db.manager).getRepository(FallbackPolicyEntity).find({ order: { stageId: 'ASC' } });
  }

  forStage(stageId: string, tx?: EntityManager): Promise<FallbackPolicyEntity | null> {
    return (tx ?? this.db.manager).getRepository(FallbackPolicyEntity).findOneBy({ stageId });
  }

  /** Creates the stage's policy, or replaces `existing` (kept under its policy id). */
  save(values: FallbackPolicyValues, existing: FallbackPolicyEntity | null, tx?: EntityManager): Promise<FallbackPolicyEntity> {
    const repository = (tx ?? this.db.manager).getRepository(FallbackPolicyEntity);
    return repository.save(repository.create({ ...(existing ? { policyId: existing.policyId } : {}), ...values }));
  }
}
