import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { ConflictError, NotFoundError } from '../../framework/errors';
import { ChangeEventsService } from '../audit/change-events.service';
import { ModuleSelectionEntity } from '../configurations/entities/module-selection.entity';
import type { OperatorModuleStatus } from './dto/update-module.dto';
import { CapabilityContractEntity } from './entities/capability-contract.entity';
import { ModuleEntity, ModuleStatus } from './entities/module.entity';
import { ProcessingStageEntity } from './entities/processing-stage.entity';

const logger = new Logger('ModuleCatalogue');

/** Read access to stages, contracts and modules, and the operator's module status changes. */
@Injectable()
export class ModulesService {
  constructor(
    @InjectRepository(ModuleEntity) private readonly modules: Repository<ModuleEntity>,
    private readonly dataSource: DataSource,
    private readonly audit: ChangeEventsService,
  ) {}

  stages(): Promise<ProcessingStageEntity[]> {
    return this.dataSource.getRepository(ProcessingStageEntity).find({ order: { order: 'ASC' } });
  }

  contracts(): Promise<CapabilityContractEntity[]> {
    return this.dataSource.getRepository(CapabilityContractEntity).find({ order: { name: 'ASC', version: 'ASC' } });
  }

  list(filter: { stage?: string; status?: ModuleStatus }): Promise<ModuleEntity[]> {
    return this.modules.find({
      where: { ...(filter.stage ? { stageId: filter.stage } : {}), ...(filter.status ? { status: filter.status } : {}) },
      order: { stageId: 'ASC', isFallback: 'ASC', moduleId: 'ASC' },
    });
  }

  /**
   * Enable, disable or deprecate a module. Disabling a module the active configuration selects
   * is allowed: its stage's fallback policy takes over, and the change is logged as a warning.
   */
  async setStatus(moduleId: string, status: OperatorModuleStatus, actor: string): Promise<ModuleEntity> {
    return this.dataSource.transaction(async (manager) => {
      const module = await manager.getRepository(ModuleEntity).findOne({ where: { moduleId }, lock: { mode: 'pessimistic_write' } });
      if (!module) throw new NotFoundError(`Module ${moduleId} does not exist.`);
      if (module.status === 'unavailable' && status === 'available') {
        throw new ConflictError(`Module ${moduleId} is not in the running code; it cannot be enabled.`, {
          extensions: { current_state: module.status, requested_state: status },
        });
      }
      const from = module.status;
      if (from === status) return module;
      await manager.update(ModuleEntity, { moduleId }, { status });
      const selectedInActive = await manager
        .getRepository(ModuleSelectionEntity)
        .createQueryBuilder('s')
        .innerJoin('s.configuration', 'c', "c.status = 'active'")
        .where('s.module_id = :moduleId', { moduleId })
        .getExists();
      await this.audit.record(
        {
          configId: null,
          action: 'module_status_changed',
          actor,
          result: 'success',
          message: `module ${moduleId}: ${from} → ${status}${selectedInActive && status !== 'available' ? ' (selected in the active configuration: its fallback policy applies)' : ''}`,
          details: { module_id: moduleId, from, to: status, selected_in_active: selectedInActive },
        },
        manager,
      );
      if (selectedInActive && status !== 'available') {
        logger.warn({ moduleId, status, actor }, 'a module selected in the active configuration is no longer available; its stage falls back');
      }
      return { ...module, status };
    });
  }
}
