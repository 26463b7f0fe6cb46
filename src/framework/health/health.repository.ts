import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ModuleHealth } from './health-snapshot';
import { ModuleStatusEntity } from './module-status.entity';
import { StatusHistoryEntity } from './status-history.entity';

/** Latest status per module and the history of status changes. */
@Injectable()
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether the pool has been set up (and not yet destroyed). */
  get connected(): boolean {
    return this.dataSource.isInitialized;
  }

  /** A trivial round trip (the database health contributor): resolves when the database answers. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async latest(): Promise<ModuleStatusEntity[]> {
    return this.dataSource.getRepository(ModuleStatusEntity).find({ order: { moduleName: 'ASC' } });
  }

  async history(moduleName: string): Promise<StatusHistoryEntity[]> {
    return this.dataSource.getRepository(StatusHistoryEntity).find({ where: { moduleName }, order: { changedAt: 'ASC' } });
  }

  /** Writes the new latest row and, when the status itself changed, one history row, atomically. */
  async record(module: ModuleHealth, previous: ModuleStatusEntity | undefined, at: Date): Promise<ModuleStatusEntity> {
    return this.dataSource.transaction(async (manager) => {
      const statusChanged = previous?.status !== module.status;
      const row = manager.create(ModuleStatusEntity, {
        moduleName: module.name,
        status: module.status,
        message: module.message,
        optional: module.optional,
        lastChangedAt: statusChanged ? at : (previous?.lastChangedAt ?? at),
      });
      await manager.upsert(ModuleStatusEntity, row, ['moduleName']);
      if (statusChanged) {
        await manager.insert(StatusHistoryEntity, {
          moduleName: module.name,
          status: module.status,
          previousStatus: previous?.status ?? null,
          message: module.message,
          changedAt: at,
        });
      }
      return row;
    });
  }
}
