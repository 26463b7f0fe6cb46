import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { CONFIGURATION_STATUSES, ConfigurationStatus } from '../entities/module-configuration.entity';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Opaque cursor: next_cursor of the previous page.' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export class ListConfigurationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CONFIGURATION_STATUSES })
  @IsOptional()
  @IsIn(CONFIGURATION_STATUSES)
  status?: ConfigurationStatus;
}
