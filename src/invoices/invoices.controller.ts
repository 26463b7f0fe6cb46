import { Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, type Principal, Roles } from '../framework/auth';
import { actorOf } from '../pipeline/actor';
import { NotAcceptableError, NotFoundError, ValidationError } from '../framework/errors';
import Negotiator from 'negotiator';
import type { InvoiceMediaType } from '../domain/media-type';
import { ApiProblems, ApiProtectedProblems } from '../framework/openapi';
import { CurrentTenant, TenantScoped, type TenantContext } from '../framework/tenancy';
import { InvoiceDetailDto, InvoiceListDto, InvoiceValidationReportDto } from './dto/invoice-detail.dto';
import { InvoiceReceiptDto, ReprocessReceiptDto } from './dto/invoice-receipt.dto';
import { ListInvoicesQuery } from './dto/list-invoices.query';
import { invoiceMediaType } from './invoice-media-type';
import { InvoicesService } from './invoices.service';
import { InvoiceRenderer } from './rendering/invoice-renderer';
import type { InvoiceFacts } from './rendering/invoice-view';

const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationError('The invoice id is not a UUID.', [{ field: 'id', reason: 'must be a UUID' }]),
});

/** File name extensions of the stored media types, for Content-Disposition. */
const EXTENSIONS: Record<InvoiceMediaType, string> = { 'application/xml': 'xml', 'application/pdf': 'pdf', 'application/json': 'json' };

const REPRESENTATIONS = ['application/json', 'text/html', 'application/pdf'] as const;
type Representation = (typeof REPRESENTATIONS)[number];

/** The representation the caller prefers among the invoice's (JSON without an Accept header); 406 when none is acceptable. */
function negotiate(accept: string | undefined): Representation {
  if (accept === undefined || accept.trim() === '') return 'application/json';
  const chosen = new Negotiator({ headers: { accept } }).mediaType([...REPRESENTATIONS]);
  if (!chosen) throw new NotAcceptableError(`None of ${REPRESENTATIONS.join(', ')} is acceptable (Accept: ${accept.slice(0, 200)}).`);
  return chosen as Representation;
}

/** Every route acts on one tenant (the caller's, or X-Tenant-ID for platform roles); another tenant's invoice answers 404. */
@ApiTags('invoices')
@ApiProtectedProblems()
@TenantScoped()
@Controller('invoices')
export class InvoicesController {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly renderer: InvoiceRenderer,
  ) {}

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
    @CurrentPrincipal() principal?: Principal,
  ): Promise<InvoiceReceiptDto | InvoiceDetailDto> {
    const mediaType = invoiceMediaType(contentType);
    const document = mediaType === 'application/json' ? request.rawBody : (request.body as Buffer | undefined);
    const submission = await this.invoices.receive(tenant.tenantId, mediaType, document, {
      idempotencyKey,
      wait: wait === 'true' || wait === '1',
      correlationId: String(request.id),
      requestedBy: actorOf(principal),
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
  @Roles('submitter', 'approver', 'auditor')
  @ApiOperation({ summary: "The tenant's invoices, newest first, filtered by status, supplier and received date; cursor-paginated." })
  @ApiOkResponse({ type: InvoiceListDto })
  list(@Query() query: ListInvoicesQuery, @CurrentTenant() tenant: TenantContext): Promise<InvoiceListDto> {
    return this.invoices.list(tenant.tenantId, query);
  }

  @Get(':id')
  @Roles('submitter', 'approver', 'auditor')
  @ApiOperation({
    summary: 'Status, canonical data, validation report, stage results and run history of an invoice.',
    description:
      'Content negotiation (Accept): application/json (default) is the API view; text/html and application/pdf are the invoice rendered for a person ' +
      '(parties, lines, allowances and charges, VAT breakdown, totals, payment, notes, attachments) with its validation report.',
  })
  @ApiProduces('application/json', 'text/html', 'application/pdf')
  @ApiOkResponse({
    type: InvoiceDetailDto,
    content: {
      'application/json': { schema: { $ref: getSchemaPath(InvoiceDetailDto) } },
      'text/html': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiProblems(404, 406, 422)
  async get(
    @Param('id', uuidPipe) id: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentTenant() tenant: TenantContext,
  ): Promise<InvoiceDetailDto | string | Buffer> {
    return this.represent('invoice', negotiate(accept), id, reply, tenant) as Promise<InvoiceDetailDto | string | Buffer>;
  }

  @Get(':id/report')
  @Roles('submitter', 'approver', 'auditor')
  @ApiOperation({
    summary: "The validation report of the invoice's latest run: rule set, verdict and every finding with rule, severity, message, location and business term.",
    description: 'Content negotiation (Accept): application/json (default), text/html or application/pdf.',
  })
  @ApiProduces('application/json', 'text/html', 'application/pdf')
  @ApiOkResponse({
    type: InvoiceValidationReportDto,
    content: {
      'application/json': { schema: { $ref: getSchemaPath(InvoiceValidationReportDto) } },
      'text/html': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiProblems(404, 406, 422)
  async report(
    @Param('id', uuidPipe) id: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentTenant() tenant: TenantContext,
  ): Promise<unknown> {
    return this.represent('report', negotiate(accept), id, reply, tenant);
  }

  private async represent(what: 'invoice' | 'report', mediaType: Representation, id: string, reply: FastifyReply, tenant: TenantContext): Promise<unknown> {
    void reply.header('vary', 'Accept');
    const detail = await this.invoices.detail(tenant.tenantId, id);
    if (what === 'report' && (detail.validation === null || detail.validation === undefined)) {
      throw new NotFoundError(`Invoice ${id} has no validation report: its latest run did not reach the validate stage.`);
    }
    if (mediaType === 'application/json') return what === 'invoice' ? detail : detail.validation;
    const facts: InvoiceFacts = {
      id: detail.id,
      status: detail.status,
      received_at: detail.received_at,
      sha256: detail.sha256,
      content_type: detail.content_type,
      decision: detail.decision,
      decision_reasons: detail.decision_reasons,
      duplicate_of: detail.duplicate_of,
      failure_reason: detail.failure_reason,
      invoice: detail.invoice,
      validation: detail.validation,
    };
    if (mediaType === 'text/html') {
      void reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      return this.renderer.html(facts, what);
    }
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="${what === 'invoice' ? 'invoice' : 'report'}-${id}.pdf"`);
    return this.renderer.pdf(facts, what);
  }

  @Get(':id/document')
  @Roles('submitter', 'approver', 'auditor')
  @ApiOperation({
    summary: 'The original document, byte for byte as it was received, with its media type.',
    description:
      'Repr-Digest (RFC 9530) and the ETag carry the SHA-256 of the bytes, computed again on every read and compared with the digest recorded at receipt. ' +
      'If-None-Match with that ETag answers 304.',
  })
  @ApiProduces('application/xml', 'application/pdf', 'application/json')
  @ApiOkResponse({
    description: 'The document.',
    headers: {
      'Repr-Digest': { description: 'sha-256=:<base64 of the SHA-256>: (RFC 9530)', schema: { type: 'string' } },
      ETag: { description: '"<hex SHA-256>"', schema: { type: 'string' } },
    },
    content: {
      'application/xml': { schema: { type: 'string', format: 'binary' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
      'application/json': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiResponse({ status: 304, description: 'If-None-Match named this document.' })
  @ApiProblems(404)
  async document(
    @Param('id', uuidPipe) id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentTenant() tenant: TenantContext,
  ): Promise<Buffer | undefined> {
    const original = await this.invoices.original(tenant.tenantId, id);
    const etag = `"${original.sha256}"`;
    void reply
      .header('etag', etag)
      .header('repr-digest', `sha-256=:${Buffer.from(original.sha256, 'hex').toString('base64')}:`)
      .header('cache-control', 'private, no-cache')
      .header('x-content-type-options', 'nosniff');
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) {
      void reply.status(304);
      return undefined;
    }
    void reply
      .header('content-type', original.contentType)
      .header('content-disposition', `attachment; filename="invoice-${id}.${EXTENSIONS[original.contentType]}"`);
    return original.document;
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
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ReprocessReceiptDto> {
    const { invoice, runId } = await this.invoices.reprocess(tenant.tenantId, id, String(reply.request.id), actorOf(principal));
    void reply.header('location', `/api/v1/invoices/${invoice.id}`);
    return { ...InvoiceReceiptDto.from(invoice), run_id: runId };
  }
}
