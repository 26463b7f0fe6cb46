import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsAbsentOr } from '../../http/optional';

export class UpdateTenantDto {
  @ApiPropertyOptional({ example: 'ACME Corporation' })
  @IsAbsentOr()
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({
    description: 'Overrides to set, keyed by setting name (e.g. TENANT_WEBHOOK_URL); null removes an override (the base value applies again).',
    example: { TENANT_APPROVAL_THRESHOLD: '2500.00', TENANT_WEBHOOK_URL: null },
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}
