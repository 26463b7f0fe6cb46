import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../framework/auth';
import { TenantScoped } from '../framework/tenancy';
import { ApiProblems, ApiProtectedProblems } from '../framework/openapi';
import { DocumentValidationService } from './document-validation.service';
import { DocumentReportDto } from './dto/document-report.dto';
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
  @ApiOperation({ summary: 'Validation report for a document (EN 16931 rules; basic checks for canonical JSON). Nothing is stored.' })
  @ApiConsumes('application/xml', 'text/xml', 'application/pdf', 'application/json')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: DocumentReportDto })
  @ApiProblems(413, 415)
  async validate(@Req() request: RawBodyRequest<FastifyRequest>, @Headers('content-type') contentType: string | undefined): Promise<DocumentReportDto> {
    const mediaType = invoiceMediaType(contentType);
    const document = mediaType === 'application/json' ? request.rawBody : (request.body as Buffer | undefined);
    return this.validation.validate(mediaType, document);
  }
}
