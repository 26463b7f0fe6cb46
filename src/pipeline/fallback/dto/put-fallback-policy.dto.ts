import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

export class CircuitOpenDto {
  @ApiProperty({ minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  consecutive_failures!: number;

  @ApiProperty({ minimum: 100, maximum: 3600000 })
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  half_open_after_ms!: number;
}

export class TriggerConditionsDto {
  @ApiProperty() @IsBoolean() error!: boolean;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 600000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600_000)
  timeout_ms?: number | null;

  @ApiPropertyOptional({ type: CircuitOpenDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CircuitOpenDto)
  circuit_open?: CircuitOpenDto | null;

  @ApiProperty() @IsBoolean() module_unavailable!: boolean;
}

export class RetryDto {
  @ApiProperty({ minimum: 1, maximum: 10 })
  @IsInt()
  @Min(1)
  @Max(10)
  attempts!: number;

  @ApiProperty({ minimum: 0, maximum: 60000 })
  @IsInt()
  @Min(0)
  @Max(60_000)
  backoff_ms!: number;
}

export class FallbackActionsDto {
  @ApiPropertyOptional({ type: RetryDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RetryDto)
  retry?: RetryDto | null;

  @ApiProperty({ enum: ['use_fallback', 'skip_stage', 'fail'] })
  @IsIn(['use_fallback', 'skip_stage', 'fail'])
  on_failure!: 'use_fallback' | 'skip_stage' | 'fail';

  @ApiProperty() @IsBoolean() mark_for_review!: boolean;
}

export class PutFallbackPolicyDto {
  @ApiPropertyOptional({ nullable: true, type: String, example: 'lenient-xml' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'must be a module id' })
  fallback_module_id?: string | null;

  // ValidateNested alone lets a missing object through; the service then reads its members.
  @ApiProperty({ type: TriggerConditionsDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => TriggerConditionsDto)
  trigger_conditions!: TriggerConditionsDto;

  @ApiProperty({ type: FallbackActionsDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => FallbackActionsDto)
  actions!: FallbackActionsDto;
}
