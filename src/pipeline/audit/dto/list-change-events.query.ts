import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../configurations/dto/list-configurations.query';
import { CHANGE_ACTIONS, ChangeAction } from '../entities/configuration-change-event.entity';

export class ListChangeEventsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  config_id?: string;

  @ApiPropertyOptional({ enum: CHANGE_ACTIONS })
  @IsOptional()
  @IsIn(CHANGE_ACTIONS)
  action?: ChangeAction;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive lower bound of created_at.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive upper bound of created_at.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
