import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { LifecycleEventEntity } from './lifecycle-event.entity';
import type { LifecycleEvent } from './lifecycle.types';

/** The platform table lifecycle_events (no tenant): recent lifecycle events of every replica. */
@Injectable()
export class LifecycleEventRepository {
  private readonly events: Repository<LifecycleEventEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.events = dataSource.getRepository(LifecycleEventEntity);
  }

  /** Whether the pool is up: false before the database starts and after it stopped (end of shutdown). */
  get connected(): boolean {
    return this.dataSource.isInitialized;
  }

  async insert(event: LifecycleEvent): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO lifecycle_events (occurred_at, module, phase, details, correlation_id, instance_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [event.timestamp, event.module, event.phase, JSON.stringify(event.details), event.correlationId, event.instanceId ?? null],
    );
  }

  /** Most recent first. */
  recent(limit: number, module?: string): Promise<LifecycleEventEntity[]> {
    return this.events.find({ where: module ? { module } : {}, order: { id: 'DESC' }, take: limit });
  }

  /** Deletes all but the `kept` most recent rows; returns how many went. */
  async pruneKeeping(kept: number): Promise<number> {
    const deleted = await this.events
      .createQueryBuilder()
      .delete()
      .where(`id < (SELECT min(id) FROM (SELECT id FROM lifecycle_events ORDER BY id DESC LIMIT :kept) AS recent)`, { kept })
      .execute();
    return deleted.affected ?? 0;
  }
}
