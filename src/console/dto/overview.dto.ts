import { ApiProperty } from '@nestjs/swagger';

export class OverviewPrincipalDto {
  @ApiProperty({ description: 'The JWT sub, or apikey:<prefix>.' }) subject!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ nullable: true, type: String, description: 'The tenant the credentials are bound to; null for platform credentials.' }) tenant_id!: string | null;
  @ApiProperty({ example: 'api-key' }) mechanism!: string;
}

export class OverviewHealthModuleDto {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['healthy', 'degraded', 'unhealthy'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) message!: string | null;
  @ApiProperty() optional!: boolean;
}

export class OverviewHealthDto {
  @ApiProperty({ enum: ['healthy', 'degraded', 'unhealthy'] }) overall_status!: string;
  @ApiProperty({ enum: ['healthy', 'degraded', 'unhealthy'] }) readiness_status!: string;
  @ApiProperty({ format: 'date-time' }) generated_at!: string;
  @ApiProperty({ type: [OverviewHealthModuleDto] }) modules!: OverviewHealthModuleDto[];
}

export class OverviewWindowDto {
  @ApiProperty({ description: 'Invoices received in the window.' }) received!: number;
  @ApiProperty({ description: 'Of those, completed (with or without warnings).' }) completed!: number;
  @ApiProperty({ description: 'Of those, failed.' }) failed!: number;
}

export class OverviewThroughputDto {
  @ApiProperty({ type: OverviewWindowDto }) last_hour!: OverviewWindowDto;
  @ApiProperty({ type: OverviewWindowDto }) last_24_hours!: OverviewWindowDto;
}

export class OverviewQueueDto {
  @ApiProperty({ description: 'Invoices not yet finished: waiting for a run, running, or waiting for approval.' }) depth!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'The same by status.', example: { received: 2, processing: 1 } })
  by_status!: Record<string, number>;
}

export class OverviewBreakerDto {
  @ApiProperty({ example: 'einvoice-xml' }) module_id!: string;
  @ApiProperty({ example: 'validate' }) stage!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The tenant whose circuit it is; null for a shared breaker.' }) tenant_id!: string | null;
  @ApiProperty({ enum: ['closed', 'open', 'half_open', 'isolated'] }) state!: string;
}

export class OverviewFailureDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) invoice_number!: string | null;
  @ApiProperty({ nullable: true, type: String }) supplier_name!: string | null;
  @ApiProperty({ format: 'date-time' }) received_at!: string;
  @ApiProperty({ format: 'date-time' }) failed_at!: string;
}

export class OverviewDto {
  @ApiProperty({ type: OverviewPrincipalDto, description: 'Who is asking: the console shows only what these roles may do.' }) principal!: OverviewPrincipalDto;
  @ApiProperty({ nullable: true, type: String, description: 'The tenant the figures are for; null when the credentials act for no tenant (no invoice figures then).' })
  tenant_id!: string | null;
  @ApiProperty({ type: OverviewHealthDto }) health!: OverviewHealthDto;
  @ApiProperty({ type: OverviewThroughputDto, nullable: true }) throughput!: OverviewThroughputDto | null;
  @ApiProperty({ type: OverviewQueueDto, nullable: true }) queue!: OverviewQueueDto | null;
  @ApiProperty({ type: [OverviewBreakerDto], description: 'Circuit breakers this process has used for the tenant and shared ones (a module never called has none).' })
  breakers!: OverviewBreakerDto[];
  @ApiProperty({ type: [OverviewFailureDto], description: 'The latest failed invoices, newest first.' }) recent_failures!: OverviewFailureDto[];
}
