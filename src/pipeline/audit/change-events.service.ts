import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PageCursor } from '../../framework/http/page-cursor';
import { ChangeEventRepository } from './change-event.repository';
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

/** The audit list's keyset position: the seq (bigint, as digits) of the last event of a page. */
export const CHANGE_EVENT_CURSOR = new PageCursor('configuration-events', (p): p is [string] => p.length === 1 && typeof p[0] === 'string' && /^[1-9]\d{0,17}$/.test(p[0]));

const logger = new Logger('ConfigurationAudit');

/**
 * The audit trail: insert and read, nothing else (the table refuses UPDATE and DELETE). Each
 * record is also a structured log line.
 */
@Injectable()
export class ChangeEventsService {
  constructor(private readonly events: ChangeEventRepository) {}

  /** Records inside the caller's transaction when given one, so the event commits with the change. */
  async record(input: ChangeEventInput, tx?: EntityManager): Promise<void> {
    await this.events.insert({ ...input, details: input.details ?? {} }, tx);
    const line = { action: input.action, configId: input.configId, actor: input.actor, result: input.result, details: input.details };
    if (input.result === 'failure') logger.warn(line, input.message);
    else logger.log(line, input.message);
  }

  async list(filter: ChangeEventFilter): Promise<{ items: ConfigurationChangeEventEntity[]; nextCursor: string | null }> {
    const beforeSeq = filter.cursor === undefined ? undefined : CHANGE_EVENT_CURSOR.decode(filter.cursor)[0];
    const rows = await this.events.list({ ...filter, beforeSeq, take: filter.limit + 1 });
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > filter.limit && last ? CHANGE_EVENT_CURSOR.encode([last.seq]) : null };
  }
}
