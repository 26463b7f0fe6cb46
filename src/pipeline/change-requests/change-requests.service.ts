import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../framework/errors';
import { PageCursor } from '../../framework/http/page-cursor';
import { SchedulerService } from '../../framework/scheduler';
import { type ActivationResult, ActivationService } from '../activation/activation.service';
import { ChangeEventsService } from '../audit/change-events.service';
import { ConfigurationsService } from '../configurations/configurations.service';
import type { ModuleConfigurationEntity } from '../configurations/entities/module-configuration.entity';
import { PipelineConfig } from '../pipeline.config';
import { ChangePolicy } from './change-policy';
import { ChangeRequestRepository } from './change-request.repository';
import type { ChangeRequestReviewEntity } from './entities/change-request-review.entity';
import type { ChangeRequestEntity, ChangeRequestKind, ChangeRequestState } from './entities/change-request.entity';

export interface ChangeRequestSubmission {
  /** config_id (UUID) or version: the version to activate, or (rollback) the earlier version to restore. */
  config: string;
  kind: ChangeRequestKind;
  comment: string;
  activateAt?: Date;
}

export interface ChangeRequestDetail {
  request: ChangeRequestEntity;
  configuration: ModuleConfigurationEntity;
  reviews: ChangeRequestReviewEntity[];
}

export const SCHEDULED_ACTIVATION_JOB = 'change-requests.scheduled-activation';

/** An activation takes seconds; a request `activating` for longer was left by a replica that stopped. */
const INTERRUPTED_AFTER_MS = 5 * 60 * 1000;

/** The list's keyset position: created_at (microseconds, ISO) and id of the last request of a page. */
export const CHANGE_REQUEST_CURSOR = new PageCursor(
  'change-requests',
  (p): p is [string, string] => p.length === 2 && typeof p[0] === 'string' && !Number.isNaN(Date.parse(p[0])) && typeof p[1] === 'string' && /^[0-9a-f-]{36}$/.test(p[1]),
);

const logger = new Logger('ChangeRequests');

/**
 * Change requests (four eyes): a maintainer submits a validated version (or an earlier version to
 * restore) with a comment; other maintainers approve or reject it with a comment; with enough
 * approvals it is activated through ActivationService (queued while runs are in flight) or, with
 * an activation time, scheduled. Scheduled activations are fired by a scheduler job whose fires are
 * claimed across replicas, and each request is claimed by one statement, so it fires once. Every
 * step is an audit event with its actor.
 */
@Injectable()
export class ChangeRequestsService implements OnModuleInit {
  constructor(
    private readonly db: PlatformDatabase,
    private readonly requests: ChangeRequestRepository,
    private readonly configurations: ConfigurationsService,
    private readonly activation: ActivationService,
    private readonly audit: ChangeEventsService,
    private readonly policy: ChangePolicy,
    private readonly scheduler: SchedulerService,
    private readonly config: PipelineConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.scheduler.register({
      jobId: SCHEDULED_ACTIVATION_JOB,
      cron: this.config.changeScheduleCron,
      // A request whose time passed while no replica ran is due at the next fire anyway.
      catchUp: 'skip',
      maxConcurrency: 1,
      description: 'Activates approved change requests whose activation time has come.',
      handler: async () => {
        const fired = await this.fireDue();
        return fired > 0 ? `${fired} scheduled activation(s) fired` : undefined;
      },
    });
  }

  async submit(input: ChangeRequestSubmission, actor: string): Promise<ChangeRequestDetail> {
    if (input.activateAt && input.activateAt.getTime() <= Date.now()) {
      throw new ValidationError('activate_at must be in the future.', [{ field: 'activate_at', reason: 'must be in the future' }]);
    }
    const configuration = await this.configurations.get(input.config);
    this.assertSubmittable(configuration, input.kind);
    const approvalsRequired = this.policy.approvalsRequired(input.kind);
    const request = await this.db.transaction(async (tx) => {
      const saved = await this.requests.insert(
        { configId: configuration.configId, kind: input.kind, author: actor, comment: input.comment, approvalsRequired, activateAt: input.activateAt ?? null },
        tx,
      );
      await this.audit.record(
        {
          configId: configuration.configId,
          action: 'change_request_submitted',
          actor,
          result: 'success',
          message: `${input.kind === 'rollback' ? 'rollback to' : 'activation of'} version ${configuration.version} submitted for approval: ${input.comment}`,
          details: { change_request_id: saved.changeRequestId, kind: input.kind, approvals_required: approvalsRequired, activate_at: input.activateAt?.toISOString() ?? null },
        },
        tx,
      );
      // Single-operator installs (no approval required): approved on submission.
      return { saved, activateNow: approvalsRequired === 0 && (await this.approved(saved, actor, undefined, tx)) };
    });
    if (request.activateNow) await this.activate(request.saved, actor);
    return this.detail(request.saved.changeRequestId);
  }

  async approve(changeRequestId: string, input: { comment: string; activateAt?: Date }, actor: string): Promise<ChangeRequestDetail> {
    if (input.activateAt && input.activateAt.getTime() <= Date.now()) {
      throw new ValidationError('activate_at must be in the future.', [{ field: 'activate_at', reason: 'must be in the future' }]);
    }
    const activateNow = await this.db.transaction(async (tx) => {
      const request = await this.openForReview(changeRequestId, actor, tx);
      await this.requests.insertReview({ changeRequestId, author: request.author, reviewer: actor, verdict: 'approved', comment: input.comment }, tx);
      const approvals = (await this.requests.reviews(changeRequestId, tx)).filter((r) => r.verdict === 'approved').length;
      await this.audit.record(
        {
          configId: request.configId,
          action: 'change_request_approved',
          actor,
          result: 'success',
          message: `change request approved (${approvals} of ${request.approvalsRequired}): ${input.comment}`,
          details: { change_request_id: changeRequestId, approvals, approvals_required: request.approvalsRequired },
        },
        tx,
      );
      // Decided under the request's lock, in the approving transaction: a concurrent review then finds it no longer open.
      return approvals >= request.approvalsRequired && (await this.approved(request, actor, input.activateAt, tx)) ? request : null;
    });
    if (activateNow) await this.activate(activateNow, actor);
    return this.detail(changeRequestId);
  }

  async reject(changeRequestId: string, input: { comment: string }, actor: string): Promise<ChangeRequestDetail> {
    await this.db.transaction(async (tx) => {
      const request = await this.openForReview(changeRequestId, actor, tx);
      await this.requests.insertReview({ changeRequestId, author: request.author, reviewer: actor, verdict: 'rejected', comment: input.comment }, tx);
      await this.requests.update(changeRequestId, { state: 'rejected', outcomeMessage: `rejected by ${actor}` }, tx);
      await this.audit.record(
        { configId: request.configId, action: 'change_request_rejected', actor, result: 'success', message: `change request rejected: ${input.comment}`, details: { change_request_id: changeRequestId } },
        tx,
      );
    });
    return this.detail(changeRequestId);
  }

  /** Withdraws an open request or cancels a scheduled activation before its time. */
  async cancel(changeRequestId: string, input: { comment?: string }, actor: string): Promise<ChangeRequestDetail> {
    await this.db.transaction(async (tx) => {
      const request = await this.requests.lock(changeRequestId, tx);
      if (!request) throw new NotFoundError(`Change request ${changeRequestId} does not exist.`);
      if (request.state !== 'open' && request.state !== 'scheduled') {
        throw new ConflictError(`Change request ${changeRequestId} is ${request.state}; only open or scheduled requests can be cancelled.`, {
          extensions: { current_state: request.state, requested_state: 'cancelled' },
        });
      }
      await this.requests.update(changeRequestId, { state: 'cancelled', outcomeMessage: `cancelled by ${actor}${input.comment ? `: ${input.comment}` : ''}` }, tx);
      await this.audit.record(
        {
          configId: request.configId,
          action: 'change_request_cancelled',
          actor,
          result: 'success',
          message: `change request ${request.state === 'scheduled' ? 'and its scheduled activation ' : ''}cancelled${input.comment ? `: ${input.comment}` : ''}`,
          details: { change_request_id: changeRequestId, was: request.state, activate_at: request.activateAt?.toISOString() ?? null },
        },
        tx,
      );
    });
    return this.detail(changeRequestId);
  }

  async detail(changeRequestId: string): Promise<ChangeRequestDetail> {
    const request = await this.settleQueued(await this.requests.byId(changeRequestId));
    if (!request) throw new NotFoundError(`Change request ${changeRequestId} does not exist.`);
    const [configuration, reviews] = await Promise.all([this.configurations.get(request.configId), this.requests.reviews(changeRequestId)]);
    return { request, configuration, reviews };
  }

  async list(filter: { state?: ChangeRequestState; configId?: string; limit: number; cursor?: string }): Promise<{ items: ChangeRequestEntity[]; nextCursor: string | null }> {
    const before = filter.cursor === undefined ? undefined : CHANGE_REQUEST_CURSOR.decode(filter.cursor);
    const rows = await this.requests.list({ state: filter.state, configId: filter.configId, before: before && { createdAt: before[0], id: before[1] }, take: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return { items: page.map((r) => r.request), nextCursor: rows.length > filter.limit && last ? CHANGE_REQUEST_CURSOR.encode([last.cursor, last.request.changeRequestId]) : null };
  }

  /**
   * A request whose activation was queued behind runs in flight takes the activation's outcome
   * once it has one (the activation service records it; the request follows when read).
   */
  private async settleQueued(request: ChangeRequestEntity | null): Promise<ChangeRequestEntity | null> {
    if (request?.state !== 'activation_queued' || !request.activationId) return request;
    const activation = await this.activation.activation(request.activationId);
    if (activation.state === 'pending') return request;
    const patch = activation.state === 'completed'
      ? { state: 'activated' as const, outcomeMessage: 'activated after runs in flight drained' }
      : { state: 'failed' as const, outcomeMessage: activation.message ?? 'the queued activation failed' };
    await this.requests.update(request.changeRequestId, patch);
    return (await this.requests.byId(request.changeRequestId)) ?? request;
  }

  /** The scheduler job: claims every due scheduled request (once, whichever replica) and activates it. */
  async fireDue(): Promise<number> {
    await this.recoverInterrupted();
    const due = await this.requests.claimDue();
    for (const request of due) {
      const approvers = (await this.requests.reviews(request.changeRequestId)).filter((r) => r.verdict === 'approved').map((r) => r.reviewer);
      await this.audit.record({
        configId: request.configId,
        action: 'scheduled_activation_fired',
        actor: 'system',
        result: 'success',
        message: `scheduled activation of ${request.activateAt?.toISOString() ?? 'now'} fired`,
        details: { change_request_id: request.changeRequestId, approved_by: approvers },
      });
      // The activation is the approvers' act: the audit names the (last) approver, or the author when none was needed.
      await this.activate(request, approvers[approvers.length - 1] ?? request.author);
    }
    return due.length;
  }

  /**
   * A request a stopped replica left `activating`: activated when its version did become active,
   * failed otherwise (a rollback's restored copy is a new version: failed, check the active one).
   */
  private async recoverInterrupted(): Promise<void> {
    for (const request of await this.requests.claimInterrupted(INTERRUPTED_AFTER_MS)) {
      const configuration = await this.configurations.get(request.configId);
      if (request.kind === 'activate' && configuration.status === 'active') {
        await this.requests.update(request.changeRequestId, { state: 'activated', outcomeMessage: `version ${configuration.version} is active` });
        continue;
      }
      await this.audit.record({
        configId: request.configId,
        action: 'change_request_failed',
        actor: 'system',
        result: 'failure',
        message: 'approved change interrupted while being activated (the replica stopped); check the active version and submit it again',
        details: { change_request_id: request.changeRequestId },
      });
    }
  }

  private assertSubmittable(configuration: ModuleConfigurationEntity, kind: ChangeRequestKind): void {
    if (kind === 'activate' && configuration.status !== 'validated') {
      throw new ConflictError(`Configuration version ${configuration.version} is ${configuration.status}; only a validated configuration can be submitted for activation.`, {
        extensions: { current_state: configuration.status, requested_state: 'active' },
      });
    }
    if (kind === 'rollback' && (configuration.status === 'active' || !configuration.activatedAt)) {
      throw new ConflictError(`Version ${configuration.version} ${configuration.status === 'active' ? 'is the active version already' : 'was never active'}; a rollback restores an earlier active version.`, {
        extensions: { current_state: configuration.status },
      });
    }
  }

  /** The request as a reviewer may act on it: open, and not the reviewer's own. */
  private async openForReview(changeRequestId: string, actor: string, tx: EntityManager): Promise<ChangeRequestEntity> {
    const request = await this.requests.lock(changeRequestId, tx);
    if (!request) throw new NotFoundError(`Change request ${changeRequestId} does not exist.`);
    if (request.author === actor) throw new ForbiddenError('The author of a change request cannot approve or reject it (four eyes); withdraw it with cancel instead.');
    if (request.state !== 'open') {
      throw new ConflictError(`Change request ${changeRequestId} is ${request.state}; only open requests can be reviewed.`, { extensions: { current_state: request.state } });
    }
    return request;
  }

  /**
   * Enough approvals, in the caller's transaction holding the request: schedules it (activation
   * time in the future; true is returned for "activate now" only) or marks it activating.
   */
  private async approved(request: ChangeRequestEntity, actor: string, activateAt: Date | undefined, tx: EntityManager): Promise<boolean> {
    const at = activateAt ?? request.activateAt;
    if (at && at.getTime() > Date.now()) {
      await this.requests.update(request.changeRequestId, { state: 'scheduled', activateAt: at }, tx);
      await this.audit.record(
        {
          configId: request.configId,
          action: 'activation_scheduled',
          actor,
          result: 'success',
          message: `activation scheduled for ${at.toISOString()}`,
          details: { change_request_id: request.changeRequestId, activate_at: at.toISOString() },
        },
        tx,
      );
      return false;
    }
    await this.requests.update(request.changeRequestId, { state: 'activating' }, tx);
    return true;
  }

  /** Through the activation service (queued while runs are in flight); the request records how it went. */
  private async activate(request: ChangeRequestEntity, actor: string): Promise<void> {
    let result: ActivationResult;
    try {
      if (request.kind === 'rollback') {
        const target = await this.configurations.get(request.configId);
        result = await this.activation.rollback(target.version, actor);
      } else {
        result = await this.activation.activate(request.configId, actor);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ changeRequestId: request.changeRequestId, err: error }, 'the approved change could not be activated');
      await this.db.transaction(async (tx) => {
        await this.requests.update(request.changeRequestId, { state: 'failed', outcomeMessage: message }, tx);
        await this.audit.record(
          { configId: request.configId, action: 'change_request_failed', actor, result: 'failure', message: `approved change not activated: ${message}`, details: { change_request_id: request.changeRequestId } },
          tx,
        );
      });
      return;
    }
    await this.requests.update(
      request.changeRequestId,
      result.state === 'activated'
        ? { state: 'activated', outcomeMessage: `version ${result.configuration.version} is active` }
        : { state: 'activation_queued', activationId: result.activation.activationId, outcomeMessage: 'queued behind runs in flight' },
    );
  }
}
