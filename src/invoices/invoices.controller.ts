import { Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../framework/auth';
import { ValidationError } from '../framework/errors';
import { ApiProblems, ApiProtectedProblems } from '../framework/openapi';
import { CurrentTenant, TenantScoped, type TenantContext } from '../framework/tenancy';
import { InvoiceDetailDto, InvoiceListDto } from './dto/invoice-detail.dto';
import { InvoiceReceiptDto, ReprocessReceiptDto } from './dto/invoice-receipt.dto';
import { ListInvoicesQuery } from './dto/list-invoices.query';
import { invoiceMediaType } from './invoice-media-type';
import { InvoicesService } from './invoices.service';

const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationError('The invoice id is not a UUID.', [{ field: 'id', reason: 'must be a UUID' }]),
});

/** Every route acts on one tenant (the caller's, or X-Tenant-ID for platform roles); another tenant's invoice answers 404. */
@ApiTags('invoices')
@ApiProtectedProblems()
@TenantScoped()
@Controller('invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Post()
  @HttpCode(202)
  @Roles('submitter')
  @ApiOperation({
    summary: 'Submit an invoice document (UBL or CII XML, Factur-X PDF, or canonical JSON).',
    description: 'Stored at once and processed by the workers (202). With ?wait=true the request waits (bounded) and answers 200 with the result.',
  })
  @ApiConsumes('application/xml', 'text/xml', 'application/pdf', 'application/json')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'wait', required: false, type: Boolean })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body → the same invoice; same key, other body → 409.' })
  @ApiAcceptedResponse({ type: InvoiceReceiptDto, description: 'Stored; Location points at the invoice.' })
  @ApiOkResponse({ type: InvoiceDetailDto, description: 'With ?wait=true: processed in time.' })
  @ApiProblems(409, 413, 415)
  async submit(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Query('wait') wait: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentTenant() tenant: TenantContext,
  ): Promise<InvoiceReceiptDto | InvoiceDetailDto> {
    const mediaType = invoiceMediaType(contentType);
    const document = mediaType === 'application/json' ? request.rawBody : (request.body as Buffer | undefined);
    const submission = await this.invoices.receive(tenant.tenantId, mediaType, document, {
      idempotencyKey,
      wait: wait === 'true' || wait === '1',
      correlationId: String(request.id),
    });
    void reply.header('location', `/api/v1/invoices/${submission.invoice.id}`);
    if (submission.replayed) void reply.header('idempotent-replayed', 'true');
    if (submission.detail) {
      void reply.status(200);
      return submission.detail;
    }
    return InvoiceReceiptDto.from(submission.invoice);
  }

  @Get()
  @Roles('submitter', 'auditor')
  @ApiOperation({ summary: "The tenant's invoices, newest first, filtered by status, supplier and received date; cursor-paginated." })
  @ApiOkResponse({ type: InvoiceListDto })
  list(@Query() query: ListInvoicesQuery, @CurrentTenant() tenant: TenantContext): Promise<InvoiceListDto> {
    return this.invoices.list(tenant.tenantId, query);
  }

  @Get(':id')
  @Roles('submitter', 'auditor')
  @ApiOperation({ summary: 'Status, canonical data, validation report, stage results and run history of an invoice.' })
  @ApiOkResponse({ type: InvoiceDetailDto })
  @ApiProblems(404)
  get(@Param('id', uuidPipe) id: string, @CurrentTenant() tenant: TenantContext): Promise<InvoiceDetailDto> {
    return this.invoices.detail(tenant.tenantId, id);
  }

  @Post(':id/reprocess')
  @HttpCode(202)
  @Roles('submitter')
  @ApiOperation({ summary: 'Run the invoice again on the current active configuration; earlier runs stay in the history.' })
  @ApiAcceptedResponse({ type: ReprocessReceiptDto })
  @ApiProblems(404, 409)
  async reprocess(
    @Param('id', uuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentTenant() tenant: TenantContext,
  ): Promise<ReprocessReceiptDto> {
    const { invoice, runId } = await this.invoices.reprocess(tenant.tenantId, id, String(reply.request.id));
    void reply.header('location', `/api/v1/invoices/${invoice.id}`);
    return { ...InvoiceReceiptDto.from(invoice), run_id: runId };
  }
}
