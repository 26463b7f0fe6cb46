import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A field the request got wrong, and why (ValidationError). */
export class FieldErrorSchema {
  @ApiProperty({ example: 'tenant_id', description: 'The request field (dotted path for nested ones; `body`, `query` or `request` for the whole).' })
  field!: string;

  @ApiProperty({ example: 'must name an existing tenant' })
  reason!: string;
}

/**
 * RFC 9457 problem document, as every error answers (`application/problem+json`). Only for the
 * documentation: the filter in framework/errors writes the bodies.
 */
export class ProblemDetailsSchema {
  @ApiProperty({ format: 'uri-reference', example: 'urn:invoice-service:problem:validation-error', description: 'Problem type, stable for clients to branch on.' })
  type!: string;

  @ApiProperty({ example: 'Validation failed' })
  title!: string;

  @ApiProperty({ minimum: 400, maximum: 599, example: 400 })
  status!: number;

  @ApiProperty({ example: 'The request body is invalid.', description: 'Human-readable; never a stack trace, database text or a secret.' })
  detail!: string;

  @ApiProperty({ format: 'uri-reference', example: '/api/v1/admin/api-keys', description: 'The request path.' })
  instance!: string;

  @ApiProperty({ example: 'req-1', description: 'Request id, also sent as X-Request-ID and logged with the error.' })
  correlation_id!: string;

  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'Every field the request got wrong (400 validation problems).' })
  errors?: FieldErrorSchema[];
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
