import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CreateTenantDto {
  @ApiProperty({ description: 'Tenant id: lower-case letters, digits, "_" and "-", at most 63 characters.', example: 'acme' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'tenantId must match ^[a-z0-9][a-z0-9_-]{0,62}$' })
  tenantId!: string;

  @ApiProperty({ example: 'ACME Corporation' })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({
    description: 'Configuration overrides keyed by setting (TENANT_APPROVAL_THRESHOLD, TENANT_WEBHOOK_URL).',
    example: { TENANT_APPROVAL_THRESHOLD: '5000.00' },
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}
