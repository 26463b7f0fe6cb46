import { Injectable, Logger } from '@nestjs/common';
import { ValidationError } from '../../framework/errors';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ChangeAction, ChangeResult, ConfigurationChangeEventEntity } from './entities/configuration-change-event.entity';

export interface ChangeEventInput {
  configId: string | null;
  action: ChangeAction;
  actor: string;
  result: ChangeResult;
  message: string;
  details?: Record<string, unknown>;
}

export interface ChangeEventFilter {
  configId?: string;
  action?: ChangeAction;
  actor?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** Opaque keyset cursor from a previous page. */
  cursor?: string;
}

const logger = new Logger('ConfigurationAudit');

/**
 * The audit trail: insert and read, nothing else (the table refuses UPDATE and DELETE). Each
 * record is also a structured log line.
 */
@Injectable()
export class ChangeEventsService {
  constructor(@InjectRepository(ConfigurationChangeEventEntity) private readonly events: Repository<ConfigurationChangeEventEntity>) {}

  /** Records inside the caller's transaction when given one, so the event commits with the change. */
  async record(input: ChangeEventInput, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(ConfigurationChangeEventEntity) : this.events;
    await repository.save(repository.create({ ...input, details: input.details ?? {} }));
    const line = { action: input.action, configId: input.configId, actor: input.actor, result: input.result, details: input.details };
    if (input.result === 'failure') logger.warn(line, input.message);
    else logger.log(line, input.message);
  }

  async list(filter: ChangeEventFilter): Promise<{ items: ConfigurationChangeEventEntity[]; nextCursor: string | null }> {
    const query = this.events.createQueryBuilder('e').orderBy('e.seq', 'DESC').take(filter.limit + 1);
    if (filter.configId) query.andWhere('e.config_id = :configId', { configId: filter.configId });
    if (filter.action) query.andWhere('e.action = :action', { action: filter.action });
    if (filter.actor) query.andWhere('e.actor = :actor', { actor: filter.actor });
    if (filter.from) query.andWhere('e.created_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('e.created_at < :to', { to: filter.to });
    if (filter.cursor) query.andWhere('e.seq < :seq', { seq: decodeCursor(filter.cursor) });
    const rows = await query.getMany();
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null };
  }
}

function encodeCursor(event: ConfigurationChangeEventEntity): string {
  return Buffer.from(`seq:${event.seq}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const match = /^seq:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new ValidationError('The cursor is not one this API returned.', [{ field: 'cursor', reason: 'must be a cursor from a previous page' }]);
  return match[1];
}
