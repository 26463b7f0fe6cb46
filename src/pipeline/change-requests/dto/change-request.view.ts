import { ApiProperty } from '@nestjs/swagger';
import { ConfigurationView } from '../../configurations/dto/configuration.view';
import { ShadowRunView } from '../../shadow/dto/shadow-run.view';
import type { ShadowRunEntity } from '../../shadow/entities/shadow-run.entity';
import type { ChangeRequestDetail } from '../change-requests.service';
import type { ChangeRequestReviewEntity } from '../entities/change-request-review.entity';
import { CHANGE_REQUEST_KINDS, CHANGE_REQUEST_STATES, type ChangeRequestEntity, type ChangeRequestKind, type ChangeRequestState } from '../entities/change-request.entity';

export class ReviewView {
  @ApiProperty() reviewer!: string;
  @ApiProperty({ enum: ['approved', 'rejected'] }) verdict!: 'approved' | 'rejected';
  @ApiProperty() comment!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;

  static from(review: ChangeRequestReviewEntity): ReviewView {
    return { reviewer: review.reviewer, verdict: review.verdict, comment: review.comment, created_at: review.createdAt.toISOString() };
  }
}

export class ChangeRequestSummaryView {
  @ApiProperty({ format: 'uuid' }) change_request_id!: string;
  @ApiProperty({ format: 'uuid' }) config_id!: string;
  @ApiProperty({ enum: CHANGE_REQUEST_KINDS }) kind!: ChangeRequestKind;
  @ApiProperty({ enum: CHANGE_REQUEST_STATES }) state!: ChangeRequestState;
  @ApiProperty() author!: string;
  @ApiProperty() comment!: string;
  @ApiProperty() approvals_required!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When an approved request activates (scheduled).' }) activate_at!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The queued activation (state activation_queued): GET /configurations/activations/{id}.' }) activation_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome_message!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;

  static from(request: ChangeRequestEntity): ChangeRequestSummaryView {
    return {
      change_request_id: request.changeRequestId,
      config_id: request.configId,
      kind: request.kind,
      state: request.state,
      author: request.author,
      comment: request.comment,
      approvals_required: request.approvalsRequired,
      activate_at: request.activateAt?.toISOString() ?? null,
      activation_id: request.activationId,
      outcome_message: request.outcomeMessage,
      created_at: request.createdAt.toISOString(),
      updated_at: request.updatedAt.toISOString(),
    };
  }
}

export class ChangeRequestView extends ChangeRequestSummaryView {
  @ApiProperty({ description: 'Approvals so far.' }) approvals!: number;
  @ApiProperty({ type: [ReviewView] }) reviews!: ReviewView[];
  @ApiProperty({ type: ConfigurationView, description: 'The version to activate (or, for a rollback, to restore).' }) configuration!: ConfigurationView;
  @ApiProperty({ type: [ShadowRunView], description: 'Shadow runs of this version, newest first (summaries; reports at GET /shadow-runs/{id}).' }) shadow_runs!: ShadowRunView[];

  static detail(detail: ChangeRequestDetail, shadowRuns: ShadowRunEntity[]): ChangeRequestView {
    return {
      ...ChangeRequestSummaryView.from(detail.request),
      approvals: detail.reviews.filter((r) => r.verdict === 'approved').length,
      reviews: detail.reviews.map((r) => ReviewView.from(r)),
      configuration: ConfigurationView.from(detail.configuration),
      shadow_runs: shadowRuns.map((r) => ShadowRunView.from(r)),
    };
  }
}

export class ChangeRequestPageDto {
  @ApiProperty({ type: [ChangeRequestSummaryView] }) items!: ChangeRequestSummaryView[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}
