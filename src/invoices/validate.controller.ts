import { Controller, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../framework/auth';
import { TenantScoped } from '../framework/tenancy';
import { ApiProblems, ApiProtectedProblems } from '../framework/openapi';
import { DocumentValidationService } from './document-validation.service';
import { DocumentReportDto } from './dto/document-report.dto';
import { ValidateQuery } from './dto/validate.query';
import { invoiceMediaType } from './invoice-media-type';

/** Tenant-scoped like every invoice route (a disabled tenant cannot use it), though nothing is stored. */
@ApiTags('invoices')
@ApiProtectedProblems()
@TenantScoped()
@Controller('validate')
export class ValidateController {
  constructor(private readonly validation: DocumentValidationService) {}

  @Post()
  @HttpCode(200)
  @Roles('submitter')
  @ApiOperation({
    summary: 'Validation report for a document by a rule set (en16931, peppol-bis3, xrechnung, xrechnung-extension). Nothing is stored.',
    description: "`rule_set` chooses the rule set; by default the document's CustomizationID (BT-24) picks it (en16931 when it names none the engine knows). Canonical JSON is judged by the rule set's business rules (no syntax binding).",
  })
  @ApiConsumes('application/xml', 'text/xml', 'application/pdf', 'application/json')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: DocumentReportDto })
  @ApiProblems(400, 413, 415)
  async validate(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: ValidateQuery,
  ): Promise<DocumentReportDto> {
    const mediaType = invoiceMediaType(contentType);
    const document = mediaType === 'application/json' ? request.rawBody : (request.body as Buffer | undefined);
    return this.validation.validate(mediaType, document, query.rule_set);
  }
}
