import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ChangeRequestEntity } from './change-request.entity';

export type ReviewVerdict = 'approved' | 'rejected';

/**
 * One reviewer's verdict on a change request. The request's author is copied here and tied to the
 * request by a composite foreign key, so the check `reviewer <> author` holds against raw SQL too.
 */
@Entity({ name: 'change_request_reviews', comment: 'platform: approvals and rejections of change requests, never by their author' })
@Unique('change_request_reviews_one_per_reviewer', ['changeRequestId', 'reviewer'])
@Check('change_request_reviews_not_author', `reviewer <> author`)
@Check('change_request_reviews_verdict_valid', `verdict IN ('approved', 'rejected')`)
export class ChangeRequestReviewEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'review_id' })
  reviewId!: string;

  @Column({ name: 'change_request_id', type: 'uuid' })
  changeRequestId!: string;

  @Column({ type: 'text' })
  author!: string;

  @ManyToOne(() => ChangeRequestEntity, { nullable: false })
  @JoinColumn([
    { name: 'change_request_id', referencedColumnName: 'changeRequestId', foreignKeyConstraintName: 'change_request_reviews_request_fk' },
    { name: 'author', referencedColumnName: 'author' },
  ])
  changeRequest?: ChangeRequestEntity;

  @Column({ type: 'text' })
  reviewer!: string;

  @Column({ type: 'text' })
  verdict!: ReviewVerdict;

  @Column({ type: 'text' })
  comment!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
