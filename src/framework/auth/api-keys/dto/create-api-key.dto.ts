import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ROLES, type Role } from '../../roles';

export class CreateApiKeyDto {
  @ApiProperty({ description: 'What the key is for, e.g. the calling system.', example: 'erp-connector' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['submitter'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ description: 'Tenant the key acts in; omit for a platform-level key.', example: 'default' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'tenant_id must be a tenant id' })
  tenant_id?: string;

  @ApiPropertyOptional({ description: 'Days until the key expires; omit for a key without expiry.', example: 90 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expires_in_days?: number;
}
