import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Setting, type ValidatesConfig } from '../config';
import type { FieldError } from '../errors';

/** Scheduler settings: whether timers run, who this replica is, and the retention purge. */
export class SchedulerConfig implements ValidatesConfig {
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

  @Setting({
    env: 'SCHEDULER_FIRE_LEASE_MS',
    description: 'Lease of a running fire, renewed by its replica while it lives; a fire whose lease runs out (killed replica) no longer blocks its job.',
  })
  @IsInt()
  @Min(100)
  @Max(3600000)
  schedulerFireLeaseMs: number = 10000;

  @Setting({
    env: 'SCHEDULER_FIRE_HEARTBEAT_MS',
    description: 'How often a replica renews the leases of the fires it runs (one statement for all); unset: a third of the lease.',
  })
  @IsOptional()
  @IsInt()
  @Min(20)
  @Max(1200000)
  schedulerFireHeartbeatMs?: number;

  @Setting({ env: 'RETENTION_DAYS', description: 'Age in days after which lifecycle events, provenance records and old fire/health history rows are purged.' })
  @IsInt()
  @Min(1)
  @Max(3650)
  retentionDays: number = 30;

  @Setting({ env: 'RETENTION_PURGE_CRON', description: 'Cron expression (UTC, 5 or 6 fields) of the retention purge job.' })
  @IsString()
  retentionPurgeCron: string = '0 30 3 * * *';

  /** Renewals a lease survives: at least two missed heartbeats before a live fire stops counting. */
  get effectiveFireHeartbeatMs(): number {
    return this.schedulerFireHeartbeatMs ?? Math.max(20, Math.floor(this.schedulerFireLeaseMs / 3));
  }

  validateConfig(): FieldError[] {
    if (this.schedulerFireHeartbeatMs === undefined || this.schedulerFireHeartbeatMs * 2 <= this.schedulerFireLeaseMs) return [];
    return [{ field: 'SCHEDULER_FIRE_HEARTBEAT_MS', reason: 'must be at most half of SCHEDULER_FIRE_LEASE_MS, so one late renewal does not lose a live fire' }];
  }
}
