import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from './clock';
import { SchedulerConfig } from './scheduler.config';
import { SchedulerRepository } from './scheduler.repository';
import { SchedulerService } from './scheduler.service';

/** A table the purge keeps short: rows whose first existing timestamp column is older than the retention. */
export interface RetentionTarget {
  table: string;
  /** Candidate timestamp columns, first existing one wins (tables of other issues may still change). */
  columns: string[];
  /** Extra condition, e.g. keep rows still in use. */
  keep?: string;
}

/**
 * Lifecycle events (issue 4) and provenance records (pipeline issue) may not exist yet in a given
 * build: the purge looks the tables up and skips the missing ones rather than failing.
 */
export const RETENTION_TARGETS: readonly RetentionTarget[] = [
  { table: 'lifecycle_events', columns: ['occurred_at', 'created_at'] },
  { table: 'provenance_records', columns: ['recorded_at', 'occurred_at', 'created_at'] },
  { table: 'scheduler_job_fires', columns: ['claimed_at'], keep: `status = 'running'` },
  { table: 'health_status_history', columns: ['changed_at'] },
];

export const RETENTION_JOB_ID = 'retention.purge';

/** Daily purge of rows older than RETENTION_DAYS. */
@Injectable()
export class RetentionPurgeJob implements OnModuleInit {
  constructor(
    private readonly scheduler: SchedulerService,
    private readonly repository: SchedulerRepository,
    private readonly config: SchedulerConfig,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.scheduler.register({
      jobId: RETENTION_JOB_ID,
      cron: this.config.retentionPurgeCron,
      catchUp: 'bounded_backfill',
      // One catch-up run is enough: every run purges everything older than the cutoff.
      backfillLimit: { count: 1 },
      maxConcurrency: 1,
      description: `Deletes lifecycle events, provenance records, fire and health history older than ${this.config.retentionDays} days.`,
      handler: async () => this.purge(),
    });
  }

  /** Deletes expired rows of every existing target; returns a summary like `lifecycle_events: 12`. */
  async purge(): Promise<string> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.retentionDays * 24 * 60 * 60 * 1000);
    const done: string[] = [];
    for (const target of RETENTION_TARGETS) {
      const column = await this.repository.firstExistingColumn(target.table, target.columns);
      if (!column) {
        done.push(`${target.table}: absent`);
        continue;
      }
      // Identifiers come from the constant list above and information_schema, never from input.
      done.push(`${target.table}: ${await this.repository.deleteOlderThan(target.table, column, cutoff, target.keep)}`);
    }
    return done.join(', ');
  }
}
