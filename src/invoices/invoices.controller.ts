import { Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Roles, type Principal } from '../framework/auth';
import { ValidationError } from '../framework/errors';
import { DEFAULT_TENANT_ID } from '../framework/tenancy';
import { InvoiceReceiptDto } from './dto/invoice-receipt.dto';
import { invoiceMediaType } from './invoice-media-type';
import { InvoicesService } from './invoices.service';

const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationError('The invoice id is not a UUID.', [{ field: 'id', reason: 'must be a UUID' }]),
});

@ApiTags('invoices')
@Controller('invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Post()
  @HttpCode(202)
  @Roles('submitter')
  @ApiOperation({ summary: 'Submit an invoice document (UBL or CII XML, Factur-X PDF, or canonical JSON).' })
  @ApiConsumes('application/xml', 'text/xml', 'application/pdf', 'application/json')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({ type: InvoiceReceiptDto, description: 'Stored; Location points at the invoice.' })
  async submit(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('content-type') contentType: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InvoiceReceiptDto> {
    const mediaType = invoiceMediaType(contentType);
    const document = mediaType === 'application/json' ? request.rawBody : (request.body as Buffer | undefined);
    const invoice = await this.invoices.receive(tenantOf(principal), mediaType, document);
    void reply.header('location', `/api/v1/invoices/${invoice.id}`);
    return InvoiceReceiptDto.from(invoice);
  }

  @Get(':id')
  @Roles('submitter', 'auditor')
  @ApiOperation({ summary: 'Status of a submitted invoice.' })
  @ApiOkResponse({ type: InvoiceReceiptDto })
  async get(@Param('id', uuidPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<InvoiceReceiptDto> {
    return InvoiceReceiptDto.from(await this.invoices.get(tenantOf(principal), id));
  }
}

/** The caller's tenant; platform principals (no tenant) act in the default tenant until tenancy lands. */
function tenantOf(principal: Principal): string {
  return principal.tenantId ?? DEFAULT_TENANT_ID;
}
