import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { MODULE_STATUSES, ModuleStatus } from '../entities/module.entity';

export class ListModulesQuery {
  @ApiPropertyOptional({ example: 'parse' })
  @IsOptional()
  @IsString()
  stage?: string;

  @ApiPropertyOptional({ enum: MODULE_STATUSES })
  @IsOptional()
  @IsIn(MODULE_STATUSES)
  status?: ModuleStatus;
}
