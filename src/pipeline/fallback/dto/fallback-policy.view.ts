import { ApiProperty } from '@nestjs/swagger';
import { FallbackActionsDto, TriggerConditionsDto } from './put-fallback-policy.dto';

export class FallbackPolicyView {
  @ApiProperty({ format: 'uuid' }) policy_id!: string;
  @ApiProperty({ example: 'validate' }) stage_id!: string;
  @ApiProperty({ nullable: true, type: String }) fallback_module_id!: string | null;
  @ApiProperty({ type: TriggerConditionsDto }) trigger_conditions!: TriggerConditionsDto;
  @ApiProperty({ type: FallbackActionsDto }) actions!: FallbackActionsDto;
  @ApiProperty() updated_by!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}
