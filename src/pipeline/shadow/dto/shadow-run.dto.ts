import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { IsAbsentOr } from '../../../framework/http/optional';
import { PageQuery } from '../../configurations/dto/list-configurations.query';

const CONFIG_REF = /^(\d{1,9}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export class CreateShadowRunDto {
  @ApiProperty({ description: 'config_id (UUID) or version number of the candidate: a draft or validated configuration.', example: '8' })
  @IsString()
  @Matches(CONFIG_REF, { message: 'must be a config_id (UUID) or a version number' })
  config!: string;

  @ApiProperty({ description: 'The tenant whose stored invoices are replayed.', example: 'default' })
  @IsString()
  @Matches(TENANT_ID, { message: 'must be a tenant id' })
  tenant_id!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, description: 'The last N invoices received (at most SHADOW_RUN_MAX_INVOICES). Either this or a date range.' })
  @IsAbsentOr()
  @IsInt()
  @Min(1)
  @Max(500)
  last_n?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Invoices received at or after this time (newest first, at most SHADOW_RUN_MAX_INVOICES).' })
  @IsAbsentOr()
  @IsISO8601({ strict: true })
  received_from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Invoices received before this time.' })
  @IsAbsentOr()
  @IsISO8601({ strict: true })
  received_to?: string;
}

export class ListShadowRunsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  config_id?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(TENANT_ID, { message: 'must be a tenant id' })
  tenant_id?: string;
}
