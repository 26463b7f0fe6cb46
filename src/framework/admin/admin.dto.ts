import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { CONFIG_SOURCES } from '../config/config-loader';
import { LIFECYCLE_PHASES } from '../lifecycle/lifecycle.types';
import { SERVICE_SCOPES, type ServiceScope } from '../registry/service-descriptor';

export class LifecycleQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100, description: 'Most recent events first.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 100;

  @ApiPropertyOptional({ description: 'Only the events of this module, e.g. `database`.' })
  @IsOptional()
  @IsString()
  module?: string;
}

export class LifecycleEventDto {
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
  @ApiProperty({ example: 'database' }) module!: string;
  @ApiProperty({ enum: LIFECYCLE_PHASES }) phase!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
  @ApiProperty() correlation_id!: string;
  @ApiPropertyOptional({ description: 'Instance that recorded the event (several replicas).' }) instance_id?: string;
}

export class ModuleStateDto {
  @ApiProperty() module!: string;
  @ApiProperty({ enum: LIFECYCLE_PHASES }) state!: string;
  @ApiProperty({ type: [String], description: 'Modules started before this one (and stopped after it).' }) depends_on!: string[];
}

export class LifecycleListingDto {
  @ApiProperty({ type: [ModuleStateDto], description: 'Current state of every module, in start order.' })
  modules!: ModuleStateDto[];
  @ApiProperty({ type: [LifecycleEventDto] }) events!: LifecycleEventDto[];
}

export class ServicesQueryDto {
  @ApiPropertyOptional({ enum: SERVICE_SCOPES })
  @IsOptional()
  @IsIn(SERVICE_SCOPES)
  scope?: ServiceScope;
}

export class ServiceDependencyDto {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() interface?: string;
  @ApiPropertyOptional({ description: 'A missing optional dependency does not block boot.' }) optional?: boolean;
}

export class ServiceDescriptorDto {
  @ApiProperty() name!: string;
  @ApiPropertyOptional() interface?: string;
  @ApiProperty({ enum: SERVICE_SCOPES }) scope!: string;
  @ApiProperty() priority!: number;
  @ApiProperty({ format: 'date-time' }) registered_at!: string;
  @ApiProperty() provider_module!: string;
  @ApiProperty({ type: [ServiceDependencyDto] }) depends_on!: ServiceDependencyDto[];
}

export class ConfigEntryDto {
  @ApiProperty({ example: 'LOG_LEVEL' }) env!: string;
  @ApiProperty({ example: 'AppConfig' }) config_class!: string;
  @ApiProperty() property!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Effective value; "[REDACTED]" for secrets.', nullable: true }) value!: unknown;
  @ApiProperty({ enum: CONFIG_SOURCES, description: 'Feeder that supplied the value.' }) source!: string;
  @ApiProperty() secret!: boolean;
  @ApiProperty() dynamic!: boolean;
  @ApiProperty() required!: boolean;
}

export class ConfigViewDto {
  @ApiProperty({ example: ['default', 'file', 'dotenv', 'env', 'override'], description: 'Feeders, lowest precedence first.' })
  precedence!: string[];
  @ApiPropertyOptional({ description: 'Configuration file read (CONFIG_FILE), if any.' }) config_file?: string;
  @ApiProperty({ type: [ConfigEntryDto] }) settings!: ConfigEntryDto[];
}

export class ReloadedFieldDto {
  @ApiProperty() env!: string;
  @ApiProperty({ nullable: true }) from!: unknown;
  @ApiProperty({ nullable: true }) to!: unknown;
  @ApiProperty({ enum: CONFIG_SOURCES }) source!: string;
}

export class ReloadResultDto {
  @ApiProperty({ type: [ReloadedFieldDto], description: 'Empty when nothing changed (no-op).' }) changed!: ReloadedFieldDto[];
  @ApiProperty({ type: [String], description: 'Modules whose reload ran, in start order.' }) reloaded!: string[];
  @ApiProperty() duration_ms!: number;
}
