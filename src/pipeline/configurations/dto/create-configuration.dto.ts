import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsAbsentOr } from '../../../framework/http/optional';
import { MAX_VERSION } from './version-range';

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class SelectionDto {
  @ApiProperty({ example: 'parse' })
  @IsString()
  @Matches(ID, { message: 'must be a stage id (lowercase letters, digits, dashes)' })
  stage_id!: string;

  @ApiProperty({ example: 'einvoice-xml' })
  @IsString()
  @Matches(ID, { message: 'must be a module id (lowercase letters, digits, dashes)' })
  module_id!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "Validated against the module's settings DTO." })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;
}

/** A new draft: versions are never edited, a change is a new version. */
export class CreateConfigurationDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsAbsentOr()
  @IsString()
  @MaxLength(500)
  summary?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_VERSION, description: 'Version this draft starts from (recorded, and its selections fill stages not listed).' })
  @IsAbsentOr()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  based_on_version?: number;

  @ApiProperty({ type: [SelectionDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SelectionDto)
  selections!: SelectionDto[];
}
