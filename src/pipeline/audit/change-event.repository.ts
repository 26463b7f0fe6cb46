import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { ChangeAction, ChangeResult, ConfigurationChangeEventEntity } from './entities/configuration-change-event.entity';

export interface NewChangeEvent {
  configId: string | null;
  action: ChangeAction;
  actor: string;
  result: ChangeResult;
  message: string;
  details: Record<string, unknown>;
}

export interface ChangeEventQuery {
  configId?: string;
  action?: ChangeAction;
  actor?: string;
  from?: Date;
  to?: Date;
  /** Keyset position: strictly before this seq. */
  beforeSeq?: string;
  /** Rows to read (a page and one more, to know whether another page follows). */
  take: number;
}

/**
 * The configuration_change_events table (append-only: the service role may not update or delete).
 * Methods join the caller's transaction when given one (`tx`).
 */
@Injectable()
export class ChangeEventRepository {
  constructor(private readonly db: PlatformDatabase) {}

  async insert(event: NewChangeEvent, tx?: EntityManager): Promise<void> {
    const repository = (tx ?? this.db.manager).getRepository(ConfigurationChangeEventEntity);
    await repository.save(repository.create(event));
  }

  /** Newest first. */
  list(filter: ChangeEventQuery): Promise<ConfigurationChangeEventEntity[]> {
    const query = this.db.manager.getRepository(ConfigurationChangeEventEntity).createQueryBuilder('e').orderBy('e.seq', 'DESC').take(filter.take);
    if (filter.configId) query.andWhere('e.config_id = :configId', { configId: filter.configId });
    if (filter.action) query.andWhere('e.action = :action', { action: filter.action });
    if (filter.actor) query.andWhere('e.actor = :actor', { actor: filter.actor });
    if (filter.from) query.andWhere('e.created_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('e.created_at < :to', { to: filter.to });
    if (filter.beforeSeq) query.andWhere('e.seq < :seq', { seq: filter.beforeSeq });
    return query.getMany();
  }
}
