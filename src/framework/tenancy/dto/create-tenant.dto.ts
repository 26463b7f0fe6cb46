import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CreateTenantDto {
  @ApiProperty({ description: 'Tenant id: lower-case letters, digits, "_" and "-", at most 63 characters.', example: 'acme' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'tenant_id must match ^[a-z0-9][a-z0-9_-]{0,62}$' })
  tenant_id!: string;

  @ApiProperty({ example: 'ACME Corporation' })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({
    description: 'Configuration overrides keyed by setting name (the environment variable name, e.g. TENANT_APPROVAL_THRESHOLD, TENANT_WEBHOOK_URL): keys are setting names, not API fields.',
    example: { TENANT_APPROVAL_THRESHOLD: '5000.00' },
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}
