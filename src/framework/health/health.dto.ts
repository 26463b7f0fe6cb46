import { ApiProperty } from '@nestjs/swagger';

const STATUSES = ['healthy', 'degraded', 'unhealthy'];

export class ModuleHealthDto {
  @ApiProperty({ example: 'database' }) name!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ description: 'Optional modules do not decide readiness.' }) optional!: boolean;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
}

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

export class ReadinessDto {
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) generated_at!: string;
  @ApiProperty({ type: [ModuleHealthDto], description: 'The required modules.' }) modules!: ModuleHealthDto[];
}

export class HealthSnapshotDto {
  @ApiProperty({ format: 'date-time' }) generated_at!: string;
  @ApiProperty({ enum: STATUSES }) overall_status!: string;
  @ApiProperty({ enum: STATUSES }) readiness_status!: string;
  @ApiProperty({ type: [ModuleHealthDto] }) modules!: ModuleHealthDto[];
}
