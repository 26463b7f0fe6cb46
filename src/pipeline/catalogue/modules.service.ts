import { Injectable, Logger } from '@nestjs/common';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { ConflictError, NotFoundError } from '../../framework/errors';
import { ChangeEventsService } from '../audit/change-events.service';
import { ConfigurationRepository } from '../configurations/configuration.repository';
import { CatalogueRepository } from './catalogue.repository';
import type { OperatorModuleStatus } from './dto/update-module.dto';
import { CapabilityContractEntity } from './entities/capability-contract.entity';
import { ModuleEntity, ModuleStatus } from './entities/module.entity';
import { ProcessingStageEntity } from './entities/processing-stage.entity';

const logger = new Logger('ModuleCatalogue');

/** Read access to stages, contracts and modules, and the operator's module status changes. */
@Injectable()
export class ModulesService {
  constructor(
    private readonly db: PlatformDatabase,
    private readonly catalogue: CatalogueRepository,
    private readonly configurations: ConfigurationRepository,
    private readonly audit: ChangeEventsService,
  ) {}

  stages(): Promise<ProcessingStageEntity[]> {
    return this.catalogue.stages();
  }

  contracts(): Promise<CapabilityContractEntity[]> {
    return this.catalogue.contracts();
  }

  list(filter: { stage?: string; status?: ModuleStatus }): Promise<ModuleEntity[]> {
    return this.catalogue.modules(filter);
  }

  /**
   * Enable, disable or deprecate a module. Disabling a module the active configuration selects
   * is allowed: its stage's fallback policy takes over, and the change is logged as a warning.
   */
  async setStatus(moduleId: string, status: OperatorModuleStatus, actor: string): Promise<ModuleEntity> {
    return this.db.transaction(async (tx) => {
      const module = await this.catalogue.lockModule(moduleId, tx);
      if (!module) throw new NotFoundError(`Module ${moduleId} does not exist.`);
      if (module.status === 'unavailable' && status === 'available') {
        throw new ConflictError(`Module ${moduleId} is not in the running code; it cannot be enabled.`, {
          extensions: { current_state: module.status, requested_state: status },
        });
      }
      const from = module.status;
      if (from === status) return module;
      await this.catalogue.setModuleStatus(moduleId, status, tx);
      const selectedInActive = await this.configurations.isSelectedInActive(moduleId, tx);
      await this.audit.record(
        {
          configId: null,
          action: 'module_status_changed',
          actor,
          result: 'success',
          message: `module ${moduleId}: ${from} → ${status}${selectedInActive && status !== 'available' ? ' (selected in the active configuration: its fallback policy applies)' : ''}`,
          details: { module_id: moduleId, from, to: status, selected_in_active: selectedInActive },
        },
        tx,
      );
      if (selectedInActive && status !== 'available') {
        logger.warn({ moduleId, status, actor }, 'a module selected in the active configuration is no longer available; its stage falls back');
      }
      return { ...module, status };
    });
  }
}
