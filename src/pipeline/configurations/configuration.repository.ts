import { Injectable } from '@nestjs/common';
import { type EntityManager, LessThan } from 'typeorm';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { ConfigurationStatus, ModuleConfigurationEntity } from './entities/module-configuration.entity';
import { ModuleSelectionEntity } from './entities/module-selection.entity';
import type { Selection } from './selection';

/**
 * The module_configurations and module_selections tables: versioned configurations with their
 * selections (loaded with every configuration read here). Methods join the caller's transaction
 * when given one (`tx`).
 */
@Injectable()
export class ConfigurationRepository {
  constructor(private readonly db: PlatformDatabase) {}

  /** A new draft; the database hands out its id and version. */
  insertDraft(draft: { createdBy: string; summary: string | null; basedOnVersion: number | null }, tx?: EntityManager): Promise<ModuleConfigurationEntity> {
    const repository = (tx ?? this.db.manager).getRepository(ModuleConfigurationEntity);
    return repository.save(repository.create({ status: 'draft', ...draft }));
  }

  async insertSelections(configId: string, selections: Selection[], tx?: EntityManager): Promise<void> {
    const repository = (tx ?? this.db.manager).getRepository(ModuleSelectionEntity);
    await repository.save(selections.map((s) => repository.create({ configId, stageId: s.stageId, moduleId: s.moduleId, settings: s.settings })));
  }

  /** Newest version first, strictly below `beforeVersion` when given. */
  page(filter: { status?: ConfigurationStatus; beforeVersion?: number; take: number }): Promise<ModuleConfigurationEntity[]> {
    return this.db.manager.getRepository(ModuleConfigurationEntity).find({
      where: { ...(filter.status ? { status: filter.status } : {}), ...(filter.beforeVersion ? { version: LessThan(filter.beforeVersion) } : {}) },
      relations: { selections: true },
      order: { version: 'DESC' },
      take: filter.take,
    });
  }

  byId(configId: string): Promise<ModuleConfigurationEntity | null> {
    return this.db.manager.getRepository(ModuleConfigurationEntity).findOne({ where: { configId }, relations: { selections: true } });
  }

  byVersion(version: number): Promise<ModuleConfigurationEntity | null> {
    return this.db.manager.getRepository(ModuleConfigurationEntity).findOne({ where: { version }, relations: { selections: true } });
  }

  active(): Promise<ModuleConfigurationEntity | null> {
    return this.db.manager.getRepository(ModuleConfigurationEntity).findOne({ where: { status: 'active' }, relations: { selections: true } });
  }

  /** Id and version of the active configuration: one indexed row, one round trip (the run hot path). */
  async activeRef(): Promise<{ configId: string; version: number } | null> {
    const [row] = await this.db.statement<{ config_id: string; version: number }>(`SELECT config_id, version FROM module_configurations WHERE status = 'active'`);
    return row ? { configId: row.config_id, version: row.version } : null;
  }

  /** The most recently activated configuration other than `exceptConfigId` (the rollback default). */
  previouslyActive(exceptConfigId: string): Promise<ModuleConfigurationEntity | null> {
    return this.db.manager
      .getRepository(ModuleConfigurationEntity)
      .createQueryBuilder('c')
      .where('c.activated_at IS NOT NULL AND c.config_id <> :current', { current: exceptConfigId })
      .orderBy('c.activated_at', 'DESC')
      .getOne();
  }

  /** The configuration's row (without selections), locked until the caller's transaction ends. */
  lock(configId: string, tx: EntityManager): Promise<ModuleConfigurationEntity | null> {
    return tx.getRepository(ModuleConfigurationEntity).findOne({ where: { configId }, lock: { mode: 'pessimistic_write' } });
  }

  /** A validation's verdict: validated or rejected, stamped now. */
  async setValidated(configId: string, valid: boolean, tx?: EntityManager): Promise<void> {
    await (tx ?? this.db.manager).getRepository(ModuleConfigurationEntity).update({ configId }, { status: valid ? 'validated' : 'rejected', validatedAt: new Date() });
  }

  /** Retires the active configuration as `replacedStatus`; returns what it was, if any. */
  async retireActive(replacedStatus: 'superseded' | 'rolled_back', tx: EntityManager): Promise<{ configId: string; version: number } | null> {
    const [row] = await this.db.statement<{ config_id: string; version: number }>(
      `UPDATE module_configurations SET status = $1 WHERE status = 'active' RETURNING config_id, version`,
      [replacedStatus],
      tx,
    );
    return row ? { configId: row.config_id, version: row.version } : null;
  }

  async setActive(configId: string, tx: EntityManager): Promise<void> {
    await tx.update(ModuleConfigurationEntity, { configId }, { status: 'active', activatedAt: new Date() });
  }

  /** Whether the active configuration selects the module. */
  isSelectedInActive(moduleId: string, tx?: EntityManager): Promise<boolean> {
    return (tx ?? this.db.manager)
      .getRepository(ModuleSelectionEntity)
      .createQueryBuilder('s')
      .innerJoin('s.configuration', 'c', "c.status = 'active'")
      .where('s.module_id = :moduleId', { moduleId })
      .getExists();
  }
}
