import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../pipeline/actor';
import { CurrentPrincipal, INVOICE_APPROVERS, type Principal, Roles } from '../framework/auth';
import { ValidationError } from '../framework/errors';
import { ApiProblems, ApiProtectedProblems } from '../framework/openapi';
import { CurrentTenant, TenantScoped, type TenantContext } from '../framework/tenancy';
import { InvoiceDetailDto } from './dto/invoice-detail.dto';
import { ApproveInvoiceDto, RejectInvoiceDto, ReviewQueueDto, ReviewQueueQuery } from './dto/review.dto';
import { ReviewService } from './review.service';

const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationError('The invoice id is not a UUID.', [{ field: 'id', reason: 'must be a UUID' }]),
});

/**
 * Review of invoices awaiting approval, for the caller's tenant: the queue, approve and reject
 * (approver or admin). Another tenant's invoice answers 404.
 */
@ApiTags('review')
@ApiProtectedProblems()
@TenantScoped()
@Controller()
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get('review-queue')
  @Roles('approver', 'auditor')
  @ApiOperation({ summary: "The tenant's invoices awaiting approval, newest first, with the approval stage's reasons and the approvals given; filterable, cursor-paginated." })
  @ApiOkResponse({ type: ReviewQueueDto })
  reviewQueue(@Query() query: ReviewQueueQuery, @CurrentTenant() tenant: TenantContext): Promise<ReviewQueueDto> {
    return this.review.reviewQueue(tenant.tenantId, query);
  }

  @Post('invoices/:id/approve')
  @HttpCode(200)
  @Roles(...INVOICE_APPROVERS)
  @ApiOperation({
    summary: 'Approve an invoice awaiting approval.',
    description:
      'The last approval needed (two distinct approvers above the tenant\'s TENANT_SECOND_APPROVAL_ABOVE) resumes the run after the approval stage: ' +
      'the invoice goes on to export. 409 when it is not awaiting approval or the caller has already given a verdict on it.',
  })
  @ApiOkResponse({ type: InvoiceDetailDto })
  @ApiProblems(404, 409)
  approve(
    @Param('id', uuidPipe) id: string,
    @Body() body: ApproveInvoiceDto,
    @Req() request: FastifyRequest,
    @CurrentTenant() tenant: TenantContext,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<InvoiceDetailDto> {
    return this.review.approve(tenant.tenantId, id, { approver: actorOf(principal), reason: body.reason, comment: body.comment, correlationId: String(request.id) });
  }

  @Post('invoices/:id/reject')
  @HttpCode(200)
  @Roles(...INVOICE_APPROVERS)
  @ApiOperation({ summary: 'Reject an invoice awaiting approval, with a reason: it ends rejected and is never exported.' })
  @ApiOkResponse({ type: InvoiceDetailDto })
  @ApiProblems(404, 409)
  reject(
    @Param('id', uuidPipe) id: string,
    @Body() body: RejectInvoiceDto,
    @Req() request: FastifyRequest,
    @CurrentTenant() tenant: TenantContext,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<InvoiceDetailDto> {
    return this.review.reject(tenant.tenantId, id, { approver: actorOf(principal), reason: body.reason, comment: body.comment, correlationId: String(request.id) });
  }
}
