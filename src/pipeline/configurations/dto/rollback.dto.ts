import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

export class RollbackDto {
  @ApiPropertyOptional({ description: 'Version to restore; default: the version active before the current one.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  to_version?: number;
}
