import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATCH_UP_POLICIES } from './job-definition';
import type { JobView } from './scheduler.service';

export class JobStateDto {
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) last_scheduled_at!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) last_started_at!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) last_finished_at!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, enum: ['succeeded', 'failed', 'skipped'] }) last_result!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) last_duration_ms!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) last_error!: string | null;
}

/** Backfill bound: count and/or duration_ms (both unset: 10 fires or 1 hour). */
export class BackfillLimitDto {
  @ApiPropertyOptional() count?: number;
  @ApiPropertyOptional() duration_ms?: number;
}

export class JobDto {
  @ApiProperty() job_id!: string;
  @ApiProperty({ description: 'Cron expression, UTC, 5 or 6 fields.' }) cron_expression!: string;
  @ApiProperty() description!: string;
  @ApiProperty() max_concurrency!: number;
  @ApiProperty({ enum: CATCH_UP_POLICIES }) catch_up_policy!: string;
  @ApiProperty({ type: BackfillLimitDto })
  backfill_limit!: BackfillLimitDto;
  @ApiProperty({ format: 'date-time' }) next_fire_at!: string;
  @ApiProperty({ type: JobStateDto }) state!: JobStateDto;

  static from(view: JobView): JobDto {
    const { definition, state } = view;
    const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
    return {
      job_id: definition.jobId,
      cron_expression: definition.cron,
      description: definition.description,
      max_concurrency: definition.maxConcurrency,
      catch_up_policy: definition.catchUp,
      backfill_limit: { count: definition.backfillLimit.count, duration_ms: definition.backfillLimit.durationMs },
      next_fire_at: view.nextFireAt.toISOString(),
      state: {
        last_scheduled_at: iso(state?.lastScheduledAt),
        last_started_at: iso(state?.lastStartedAt),
        last_finished_at: iso(state?.lastFinishedAt),
        last_result: state?.lastResult ?? null,
        last_duration_ms: state?.lastDurationMs ?? null,
        last_error: state?.lastError ?? null,
      },
    };
  }
}

export class TriggerResultDto {
  @ApiProperty() job_id!: string;
  @ApiProperty({ format: 'date-time' }) scheduled_at!: string;
  @ApiProperty({ enum: ['running', 'skipped'] }) status!: 'running' | 'skipped';
}
