import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { type ConstraintMeanings, withDatabaseErrors } from '../../framework/errors';
import { ChangeRequestReviewEntity, type ReviewVerdict } from './entities/change-request-review.entity';
import { ChangeRequestEntity, type ChangeRequestKind, type ChangeRequestState } from './entities/change-request.entity';

const CONSTRAINTS: ConstraintMeanings = {
  change_requests_one_open_per_config: { message: 'This configuration version has an open change request already.', field: 'config', reason: 'has an open change request' },
  change_requests_config_fk: { message: 'The configuration does not exist.', field: 'config', reason: 'unknown configuration', as: 'validation' },
  change_request_reviews_one_per_reviewer: { message: 'You have reviewed this change request already.', field: 'reviewer', reason: 'one verdict per reviewer' },
  change_request_reviews_not_author: { message: 'The author of a change request cannot review it (four eyes).', field: 'reviewer', reason: 'is the author', as: 'forbidden' },
};

export interface NewChangeRequest {
  configId: string;
  kind: ChangeRequestKind;
  author: string;
  comment: string;
  approvalsRequired: number;
  activateAt: Date | null;
}

/**
 * The change_requests and change_request_reviews tables. Methods join the caller's transaction
 * when given one (`tx`); constraint violations come back as the taxonomy's errors.
 */
@Injectable()
export class ChangeRequestRepository {
  constructor(private readonly db: PlatformDatabase) {}

  insert(request: NewChangeRequest, tx?: EntityManager): Promise<ChangeRequestEntity> {
    const repository = (tx ?? this.db.manager).getRepository(ChangeRequestEntity);
    return withDatabaseErrors(CONSTRAINTS, () => repository.save(repository.create({ ...request, state: 'open' })));
  }

  byId(changeRequestId: string, tx?: EntityManager): Promise<ChangeRequestEntity | null> {
    return (tx ?? this.db.manager).getRepository(ChangeRequestEntity).findOneBy({ changeRequestId });
  }

  /** The request, locked for the rest of the caller's transaction (reviews of one request serialise). */
  lock(changeRequestId: string, tx: EntityManager): Promise<ChangeRequestEntity | null> {
    return tx.getRepository(ChangeRequestEntity).findOne({ where: { changeRequestId }, lock: { mode: 'pessimistic_write' } });
  }

  async update(
    changeRequestId: string,
    patch: Partial<Pick<ChangeRequestEntity, 'state' | 'activateAt' | 'activationId' | 'outcomeMessage'>>,
    tx?: EntityManager,
  ): Promise<void> {
    await (tx ?? this.db.manager).update(ChangeRequestEntity, { changeRequestId }, { ...patch, updatedAt: () => 'now()' });
  }

  /** Newest first; keyset on (created_at, id) with created_at's microseconds in the cursor. */
  async list(filter: { state?: ChangeRequestState; configId?: string; before?: { createdAt: string; id: string }; take: number }): Promise<Array<{ request: ChangeRequestEntity; cursor: string }>> {
    const query = this.db.manager
      .getRepository(ChangeRequestEntity)
      .createQueryBuilder('c')
      .addSelect(`to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_ts')
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.change_request_id', 'DESC')
      .limit(filter.take);
    if (filter.state) query.andWhere('c.state = :state', { state: filter.state });
    if (filter.configId) query.andWhere('c.config_id = :configId', { configId: filter.configId });
    if (filter.before) query.andWhere('(c.created_at, c.change_request_id) < (:ts::timestamptz, :id::uuid)', { ts: filter.before.createdAt, id: filter.before.id });
    const { entities, raw } = await query.getRawAndEntities<{ cursor_ts: string }>();
    return entities.map((request, index) => ({ request, cursor: raw[index].cursor_ts }));
  }

  insertReview(review: { changeRequestId: string; author: string; reviewer: string; verdict: ReviewVerdict; comment: string }, tx?: EntityManager): Promise<ChangeRequestReviewEntity> {
    const repository = (tx ?? this.db.manager).getRepository(ChangeRequestReviewEntity);
    return withDatabaseErrors(CONSTRAINTS, () => repository.save(repository.create(review)));
  }

  reviews(changeRequestId: string, tx?: EntityManager): Promise<ChangeRequestReviewEntity[]> {
    return (tx ?? this.db.manager).getRepository(ChangeRequestReviewEntity).find({ where: { changeRequestId }, order: { createdAt: 'ASC' } });
  }

  /**
   * Claims every scheduled request whose time has come (database time, the same for every
   * replica): one statement moves them to `activating`, so each is activated exactly once even if
   * two replicas' fires overlapped.
   */
  claimDue(): Promise<ChangeRequestEntity[]> {
    return this.db.statement<ChangeRequestEntity>(
      `UPDATE change_requests SET state = 'activating', updated_at = now()
        WHERE change_request_id IN (
          SELECT change_request_id FROM change_requests
           WHERE state = 'scheduled' AND activate_at <= clock_timestamp()
           ORDER BY activate_at
           FOR UPDATE SKIP LOCKED)
        RETURNING change_request_id AS "changeRequestId", config_id AS "configId", kind, state, author, comment,
                  approvals_required AS "approvalsRequired", activate_at AS "activateAt", created_at AS "createdAt"`,
    );
  }

  /**
   * Requests left `activating` by a replica that stopped between claiming and recording the
   * activation (it takes seconds; older than `olderThanMs` means nobody is at it): marked failed
   * in one statement, so only one replica handles each.
   */
  claimInterrupted(olderThanMs: number): Promise<ChangeRequestEntity[]> {
    return this.db.statement<ChangeRequestEntity>(
      `UPDATE change_requests SET state = 'failed', outcome_message = 'interrupted: the replica activating it stopped', updated_at = now()
        WHERE state = 'activating' AND updated_at < clock_timestamp() - $1 * interval '1 millisecond'
        RETURNING change_request_id AS "changeRequestId", config_id AS "configId", kind, state, author`,
      [olderThanMs],
    );
  }
}
