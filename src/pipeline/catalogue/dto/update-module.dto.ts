import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export const OPERATOR_MODULE_STATUSES = ['available', 'disabled', 'deprecated'] as const;
export type OperatorModuleStatus = (typeof OPERATOR_MODULE_STATUSES)[number];

/** Enable (available), disable or deprecate a module; `unavailable` is the catalogue's to set. */
export class UpdateModuleDto {
  @ApiProperty({ enum: OPERATOR_MODULE_STATUSES })
  @IsIn(OPERATOR_MODULE_STATUSES)
  status!: OperatorModuleStatus;
}
