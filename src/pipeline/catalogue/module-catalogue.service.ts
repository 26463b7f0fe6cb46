import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { ChangeEventRepository } from '../audit/change-event.repository';
import { CatalogueRepository } from './catalogue.repository';
import { ModuleStatus } from './entities/module.entity';
import { guaranteeIds, missingGuarantees } from './contract-guarantees';
import { settingsSchemaOf } from './settings-schema';
import { STAGE_MODULE, StageModuleDefinition } from './stage-module.decorator';
import type { StageModuleImplementation } from './stage-module';

export interface CatalogueEntry {
  definition: StageModuleDefinition;
  instance: StageModuleImplementation;
}

const logger = new Logger('ModuleCatalogue');

/**
 * The stage modules found in the code. At boot it discovers every @StageModule provider once
 * (definition and instance, kept here: a stage call looks its module up by id in this map) and
 * syncs the modules table: found in code → available (an operator's disabled or deprecated
 * status is kept), no longer in code → unavailable. Every status change is audited.
 */
@Injectable()
export class ModuleCatalogue implements OnModuleInit {
  private readonly entries = new Map<string, CatalogueEntry>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly db: PlatformDatabase,
    private readonly catalogue: CatalogueRepository,
    private readonly events: ChangeEventRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    this.discover();
    await this.db.transaction((tx) => this.sync(tx));
  }

  /** The module's definition and instance, as discovered at boot. */
  get(moduleId: string): CatalogueEntry | undefined {
    return this.entries.get(moduleId);
  }

  all(): CatalogueEntry[] {
    return [...this.entries.values()];
  }

  private discover(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type || !wrapper.instance) continue;
      const definition = Reflect.getMetadata(STAGE_MODULE, type) as StageModuleDefinition | undefined;
      if (!definition) continue;
      const existing = this.entries.get(definition.id);
      if (existing && existing.instance !== wrapper.instance) {
        throw new Error(`two stage modules declare the id ${definition.id}`);
      }
      this.entries.set(definition.id, { definition, instance: wrapper.instance as StageModuleImplementation });
    }
  }

  private async sync(tx: EntityManager): Promise<void> {
    const stages = new Set((await this.catalogue.stages(tx)).map((s) => s.stageId));
    const contracts = new Set((await this.catalogue.contracts(tx)).map((c) => c.contractId));
    const rows = new Map((await this.catalogue.modules({}, tx)).map((row) => [row.moduleId, row]));
    const changes: Array<{ moduleId: string; from: ModuleStatus | null; to: ModuleStatus; reason: string }> = [];

    for (const { definition } of this.entries.values()) {
      if (!stages.has(definition.stage)) {
        logger.error(`stage module ${definition.id} names unknown stage ${definition.stage}; it is left out of the catalogue`);
        this.entries.delete(definition.id);
        continue;
      }
      const contractId = `${definition.contract.name}@${definition.contract.version}`;
      if (!contracts.has(contractId)) {
        logger.error(`stage module ${definition.id} declares unknown capability contract ${contractId}; it is left out of the catalogue`);
        this.entries.delete(definition.id);
        continue;
      }
      const unknown = missingGuarantees(definition.guarantees, guaranteeIds(definition.contract.name));
      if (unknown.length > 0) {
        logger.error(`stage module ${definition.id} claims guarantees its contract ${contractId} does not define (${unknown.join(', ')}); it is left out of the catalogue`);
        this.entries.delete(definition.id);
        continue;
      }
      const row = rows.get(definition.id);
      const keep = row && (row.status === 'disabled' || row.status === 'deprecated');
      const status: ModuleStatus = keep ? row.status : 'available';
      await this.catalogue.saveModule({
        moduleId: definition.id,
        name: definition.name,
        version: definition.version,
        stageId: definition.stage,
        capabilityContractId: contractId,
        isFallback: definition.isFallback ?? false,
        status,
        metadata: {
          description: definition.description,
          vendor: definition.vendor,
          settingsSchema: settingsSchemaOf(definition.settings),
          guarantees: [...(definition.guarantees ?? [])],
          breaker: definition.breaker ?? 'tenant',
        },
      }, tx);
      if (row?.status !== status) changes.push({ moduleId: definition.id, from: row?.status ?? null, to: status, reason: 'found in code' });
    }

    for (const row of rows.values()) {
      if (this.entries.has(row.moduleId) || row.status === 'unavailable') continue;
      await this.catalogue.markUnavailable(row.moduleId, { ...row.metadata, unavailableReason: 'not found in code' }, tx);
      changes.push({ moduleId: row.moduleId, from: row.status, to: 'unavailable', reason: 'not found in code' });
    }

    for (const change of changes) {
      await this.events.insert(
        {
          configId: null,
          action: 'module_status_changed',
          actor: 'system',
          result: 'success',
          message: `module ${change.moduleId}: ${change.from ?? 'new'} → ${change.to} (${change.reason})`,
          details: { module_id: change.moduleId, from: change.from, to: change.to, reason: change.reason, source: 'catalogue-sync' },
        },
        tx,
      );
    }
    logger.log(`catalogue: ${this.entries.size} stage modules in code, ${changes.length} status changes`);
  }
}
