import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { APPROVAL_VERDICTS, type InvoiceApprovalEntity } from '../entities/invoice-approval.entity';
import { InvoicePageQuery } from './list-invoices.query';

const AMOUNT = /^\d{1,16}(\.\d{1,4})?$/;

/** GET /review-queue: filters of the tenant's invoices awaiting approval (supplier, received date and the page as the invoice list). */
export class ReviewQueueQuery extends InvoicePageQuery {
  @ApiPropertyOptional({ description: 'Total (amount due) at least this, as a decimal string.', example: '1000.00' })
  @IsOptional()
  @Matches(AMOUNT, { message: 'must be a non-negative decimal amount, e.g. "1000.00"' })
  min_total?: string;

  @ApiPropertyOptional({ description: 'Total (amount due) at most this, as a decimal string.', example: '50000' })
  @IsOptional()
  @Matches(AMOUNT, { message: 'must be a non-negative decimal amount, e.g. "50000"' })
  max_total?: string;

  @ApiPropertyOptional({ description: 'Invoice currency (ISO 4217).', example: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as EUR' })
  currency?: string;
}

/** POST /invoices/{id}/approve */
export class ApproveInvoiceDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Why it is approved (short, e.g. "goods received").' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

/** POST /invoices/{id}/reject */
export class RejectInvoiceDto {
  @ApiProperty({ maxLength: 200, description: 'Why it is rejected (required).', example: 'price differs from the order' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

/** A person's verdict on an invoice awaiting approval. */
export class InvoiceApprovalDto {
  @ApiProperty({ description: 'Who gave it (the principal: JWT sub or apikey:<prefix>).' }) approver!: string;
  @ApiProperty({ enum: APPROVAL_VERDICTS }) verdict!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;

  static from(a: InvoiceApprovalEntity): InvoiceApprovalDto {
    return { approver: a.approver, verdict: a.verdict, reason: a.reason, comment: a.comment, at: a.createdAt.toISOString() };
  }
}

/** Where the invoice stands with its approval. */
export class InvoiceApprovalStateDto {
  @ApiProperty({
    nullable: true,
    type: String,
    enum: ['pending', 'approved', 'rejected'],
    description: 'pending: awaiting approval; approved: released by the approvals needed; rejected: by the approval stage or a person; null: no approval was asked.',
  })
  state!: 'pending' | 'approved' | 'rejected' | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Distinct approvals needed (2 above the tenant\'s TENANT_SECOND_APPROVAL_ABOVE), while pending.' })
  approvals_required!: number | null;

  @ApiProperty({ type: [InvoiceApprovalDto], description: 'Verdicts on the latest run that stopped for approval, oldest first.' })
  approvals!: InvoiceApprovalDto[];
}

/** One event in an invoice's history. */
export class TimelineEntryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['received', 'run_queued', 'run_finished', 'approve', 'reject'] }) kind!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Who acted: the submitter, whoever reprocessed, an approver; null for the service (a run finishing) or when not known.' })
  actor!: string | null;
  @ApiProperty() detail!: string;
}

export class ReviewQueueItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) invoice_number!: string | null;
  @ApiProperty({ nullable: true, type: String }) supplier_name!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) issue_date!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Amount due (decimal string).' }) total!: string | null;
  @ApiProperty({ nullable: true, type: String }) currency!: string | null;
  @ApiProperty({ format: 'date-time' }) received_at!: string;
  @ApiProperty({ type: [String], description: 'Why the approval stage asked for a person.' }) decision_reasons!: string[];
  @ApiProperty() approvals_required!: number;
  @ApiProperty({ description: 'Approvals given so far.' }) approvals_given!: number;
}

export class ReviewQueueDto {
  @ApiProperty({ type: [ReviewQueueItemDto] }) items!: ReviewQueueItemDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}
