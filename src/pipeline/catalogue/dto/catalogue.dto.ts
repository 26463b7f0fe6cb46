import { ApiProperty } from '@nestjs/swagger';

export class StageDto {
  @ApiProperty({ example: 'validate' }) stage_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() order!: number;
  @ApiProperty() capability_contract_id!: string;
  @ApiProperty() is_required!: boolean;
}

export class CapabilityContractDto {
  @ApiProperty() contract_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) inputs!: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true }) outputs!: unknown;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) guarantees!: unknown[];
  @ApiProperty({ type: 'object', additionalProperties: true }) constraints!: unknown;
}

export class ModuleDto {
  @ApiProperty({ example: 'validate@1' }) module_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() version!: string;
  @ApiProperty() stage_id!: string;
  @ApiProperty() capability_contract_id!: string;
  @ApiProperty({ enum: ['available', 'unavailable', 'disabled', 'deprecated'] }) status!: string;
  @ApiProperty() is_fallback!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the code declares: guarantees kept, settings schema, ...' }) metadata!: object;
}
