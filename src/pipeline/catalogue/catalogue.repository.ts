import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { CapabilityContractEntity } from './entities/capability-contract.entity';
import { ModuleEntity, ModuleMetadata, ModuleStatus } from './entities/module.entity';
import { ProcessingStageEntity } from './entities/processing-stage.entity';

/**
 * The catalogue tables: processing_stages and capability_contracts (written by migrations only)
 * and modules (synced from the code at boot, statuses set by operators). Methods join the
 * caller's transaction when given one (`tx`).
 */
@Injectable()
export class CatalogueRepository {
  constructor(private readonly db: PlatformDatabase) {}

  /** In pipeline order. */
  stages(tx?: EntityManager): Promise<ProcessingStageEntity[]> {
    return (tx ?? this.db.manager).getRepository(ProcessingStageEntity).find({ order: { order: 'ASC' } });
  }

  stage(stageId: string): Promise<ProcessingStageEntity | null> {
    return this.db.manager.getRepository(ProcessingStageEntity).findOneBy({ stageId });
  }

  stagesByIds(stageIds: string[]): Promise<ProcessingStageEntity[]> {
    return stageIds.length ? this.db.manager.getRepository(ProcessingStageEntity).findBy({ stageId: In(stageIds) }) : Promise.resolve([]);
  }

  contracts(tx?: EntityManager): Promise<CapabilityContractEntity[]> {
    return (tx ?? this.db.manager).getRepository(CapabilityContractEntity).find({ order: { name: 'ASC', version: 'ASC' } });
  }

  contract(contractId: string): Promise<CapabilityContractEntity | null> {
    return this.db.manager.getRepository(CapabilityContractEntity).findOneBy({ contractId });
  }

  modules(filter: { stage?: string; status?: ModuleStatus } = {}, tx?: EntityManager): Promise<ModuleEntity[]> {
    return (tx ?? this.db.manager).getRepository(ModuleEntity).find({
      where: { ...(filter.stage ? { stageId: filter.stage } : {}), ...(filter.status ? { status: filter.status } : {}) },
      order: { stageId: 'ASC', isFallback: 'ASC', moduleId: 'ASC' },
    });
  }

  /** Only id and status of every module: what the run path needs. */
  async moduleStatuses(): Promise<Array<{ moduleId: string; status: ModuleStatus }>> {
    return this.db.manager.getRepository(ModuleEntity).find({ select: { moduleId: true, status: true } });
  }

  module(moduleId: string): Promise<ModuleEntity | null> {
    return this.db.manager.getRepository(ModuleEntity).findOneBy({ moduleId });
  }

  modulesByIds(moduleIds: string[]): Promise<ModuleEntity[]> {
    return moduleIds.length ? this.db.manager.getRepository(ModuleEntity).findBy({ moduleId: In(moduleIds) }) : Promise.resolve([]);
  }

  /** The module's row, locked until the caller's transaction ends. */
  lockModule(moduleId: string, tx: EntityManager): Promise<ModuleEntity | null> {
    return tx.getRepository(ModuleEntity).findOne({ where: { moduleId }, lock: { mode: 'pessimistic_write' } });
  }

  async setModuleStatus(moduleId: string, status: ModuleStatus, tx?: EntityManager): Promise<void> {
    await (tx ?? this.db.manager).update(ModuleEntity, { moduleId }, { status });
  }

  /** Inserts or updates a module found in the code. */
  async saveModule(module: Omit<ModuleEntity, 'updatedAt' | 'stage' | 'contract'>, tx?: EntityManager): Promise<void> {
    await (tx ?? this.db.manager).getRepository(ModuleEntity).save(module);
  }

  async markUnavailable(moduleId: string, metadata: ModuleMetadata, tx?: EntityManager): Promise<void> {
    await (tx ?? this.db.manager).update(ModuleEntity, { moduleId }, { status: 'unavailable', metadata });
  }
}
