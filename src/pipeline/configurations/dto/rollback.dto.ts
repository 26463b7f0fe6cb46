import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsAbsentOr } from '../../../framework/http/optional';
import { MAX_VERSION } from './version-range';

export class RollbackDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_VERSION, description: 'Version to restore; default: the version active before the current one.' })
  @IsAbsentOr()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  to_version?: number;
}
