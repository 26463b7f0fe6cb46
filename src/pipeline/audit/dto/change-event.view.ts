import { ApiProperty } from '@nestjs/swagger';

export class ChangeEventView {
  @ApiProperty({ format: 'uuid' }) event_id!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) config_id!: string | null;
  @ApiProperty({ example: 'activate' }) action!: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ enum: ['success', 'failure'] }) result!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class ChangeEventPageDto {
  @ApiProperty({ type: [ChangeEventView] }) items!: ChangeEventView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' }) next_cursor!: string | null;
}
