import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformDatabase } from '../framework/database/platform-database';
import { ActivationRepository } from './activation/activation.repository';
import { ActivationQueueHealth } from './activation/activation-queue.health';
import { ActivationService } from './activation/activation.service';
import { ClusterGate } from './activation/cluster-gate';
import { ClusterGateRepository } from './activation/cluster-gate.repository';
import { ConfigurationGateEntity } from './activation/entities/configuration-gate.entity';
import { PipelineReplicaEntity } from './activation/entities/pipeline-replica.entity';
import { RunGate } from './activation/run-gate';
import { RunTracker } from './activation/run-tracker';
import { ChangeEventRepository } from './audit/change-event.repository';
import { ChangeEventsController } from './audit/change-events.controller';
import { ChangeEventsService } from './audit/change-events.service';
import { ChangePolicy } from './change-requests/change-policy';
import { ConfigurationChangeEventEntity } from './audit/entities/configuration-change-event.entity';
import { CatalogueController } from './catalogue/catalogue.controller';
import { CatalogueRepository } from './catalogue/catalogue.repository';
import { CapabilityContractEntity } from './catalogue/entities/capability-contract.entity';
import { ModuleEntity } from './catalogue/entities/module.entity';
import { ProcessingStageEntity } from './catalogue/entities/processing-stage.entity';
import { ModuleCatalogue } from './catalogue/module-catalogue.service';
import { ModulesService } from './catalogue/modules.service';
import { ConfigurationMetrics } from './configurations/configuration-metrics';
import { ConfigurationValidator } from './configurations/configuration-validator';
import { ConfigurationRepository } from './configurations/configuration.repository';
import { ConfigurationsController } from './configurations/configurations.controller';
import { ConfigurationsService } from './configurations/configurations.service';
import { ConfigurationActivationEntity } from './activation/entities/configuration-activation.entity';
import { ModuleConfigurationEntity } from './configurations/entities/module-configuration.entity';
import { ModuleSelectionEntity } from './configurations/entities/module-selection.entity';
import { FallbackPolicyEntity } from './fallback/entities/fallback-policy.entity';
import { FallbackPoliciesController } from './fallback/fallback-policies.controller';
import { FallbackPoliciesService } from './fallback/fallback-policies.service';
import { FallbackPolicyRepository } from './fallback/fallback-policy.repository';

/**
 * Module configuration management: the stage-module catalogue (from code), capability
 * contracts, versioned configurations, validation, queued activation, rollback, fallback
 * policies and the audit trail. RunTracker is the hook the pipeline calls around each run.
 */
@Module({
  imports: [
    DiscoveryModule,
    TypeOrmModule.forFeature([
      CapabilityContractEntity,
      ProcessingStageEntity,
      ModuleEntity,
      ModuleConfigurationEntity,
      ModuleSelectionEntity,
      ConfigurationActivationEntity,
      ConfigurationGateEntity,
      PipelineReplicaEntity,
      FallbackPolicyEntity,
      ConfigurationChangeEventEntity,
    ]),
  ],
  controllers: [CatalogueController, ConfigurationsController, FallbackPoliciesController, ChangeEventsController],
  providers: [
    PlatformDatabase,
    CatalogueRepository,
    ConfigurationRepository,
    ActivationRepository,
    ClusterGateRepository,
    FallbackPolicyRepository,
    ChangeEventRepository,
    ModuleCatalogue,
    ModulesService,
    ConfigurationValidator,
    ConfigurationsService,
    ConfigurationMetrics,
    ChangeEventsService,
    FallbackPoliciesService,
    RunGate,
    RunTracker,
    ClusterGate,
    ActivationService,
    ActivationQueueHealth,
    ChangePolicy,
  ],
  exports: [
    RunTracker,
    ModuleCatalogue,
    FallbackPoliciesService,
    ConfigurationsService,
    PlatformDatabase,
    CatalogueRepository,
    FallbackPolicyRepository,
    ActivationService,
    ChangeEventsService,
    ChangePolicy,
  ],
})
export class PipelineModule {}
