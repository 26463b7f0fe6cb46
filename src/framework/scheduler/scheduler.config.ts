import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Setting } from '../config';

/** Scheduler settings: whether timers run, who this replica is, and the retention purge. */
export class SchedulerConfig {
  @Setting({
    env: 'SCHEDULER_ENABLED',
    description: 'Run scheduled jobs on this replica (cron timers and boot catch-up); false leaves only manual triggers.',
  })
  @IsBoolean()
  schedulerEnabled: boolean = true;

  @Setting({
    env: 'SCHEDULER_INSTANCE_ID',
    description: 'Name of this replica in the fire records; unset: hostname and process id.',
    example: 'invoice-service-0',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'must be 1-100 letters, digits, dot, underscore, colon or dash' })
  schedulerInstanceId?: string;

  @Setting({ env: 'RETENTION_DAYS', description: 'Age in days after which lifecycle events, provenance records and old fire/health history rows are purged.' })
  @IsInt()
  @Min(1)
  @Max(3650)
  retentionDays: number = 30;

  @Setting({ env: 'RETENTION_PURGE_CRON', description: 'Cron expression (UTC, 5 or 6 fields) of the retention purge job.' })
  @IsString()
  retentionPurgeCron: string = '0 30 3 * * *';
}
