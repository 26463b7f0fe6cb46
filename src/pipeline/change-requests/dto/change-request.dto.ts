import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { IsAbsentOr } from '../../../framework/http/optional';
import { PageQuery } from '../../configurations/dto/list-configurations.query';
import { CHANGE_REQUEST_KINDS, CHANGE_REQUEST_STATES, type ChangeRequestKind, type ChangeRequestState } from '../entities/change-request.entity';

const CONFIG_REF = /^(\d{1,9}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

export class CreateChangeRequestDto {
  @ApiProperty({ description: 'config_id (UUID) or version number: the validated version to activate, or (kind rollback) the earlier active version to restore.', example: '7' })
  @IsString()
  @Matches(CONFIG_REF, { message: 'must be a config_id (UUID) or a version number' })
  config!: string;

  @ApiPropertyOptional({ enum: CHANGE_REQUEST_KINDS, default: 'activate' })
  @IsAbsentOr()
  @IsIn(CHANGE_REQUEST_KINDS)
  kind?: ChangeRequestKind;

  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'Why the change is made (shown to reviewers and in the audit trail).' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  comment!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Activate at this time (a maintenance window) once approved; cancellable until then.' })
  @IsAbsentOr()
  @IsISO8601({ strict: true })
  activate_at?: string;
}

export class ApproveChangeRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  comment!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Schedule the activation (overrides the request\'s activate_at); without either, approval activates at once.' })
  @IsAbsentOr()
  @IsISO8601({ strict: true })
  activate_at?: string;
}

export class RejectChangeRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  comment!: string;
}

export class CancelChangeRequestDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsAbsentOr()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ListChangeRequestsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CHANGE_REQUEST_STATES })
  @IsOptional()
  @IsIn(CHANGE_REQUEST_STATES)
  state?: ChangeRequestState;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  config_id?: string;
}
