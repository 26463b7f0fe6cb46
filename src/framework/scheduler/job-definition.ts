/** What a catch-up at boot does with fires missed while no replica ran. */
export const CATCH_UP_POLICIES = ['skip', 'bounded_backfill'] as const;
export type CatchUpPolicy = (typeof CATCH_UP_POLICIES)[number];

export type FireTrigger = 'schedule' | 'catch_up' | 'manual';
export type FireResult = 'succeeded' | 'failed' | 'skipped';
export type FireStatus = 'running' | FireResult;

/** Bound on a backfill: the most recent missed fires, at most `count` and none older than `durationMs`. */
export interface BackfillLimit {
  count?: number;
  durationMs?: number;
}

/** Default bound: the last 10 executions or 1 hour, whichever is smaller. */
export const DEFAULT_BACKFILL_LIMIT: Required<BackfillLimit> = { count: 10, durationMs: 60 * 60 * 1000 };

export interface JobContext {
  jobId: string;
  /** The cron slot (or trigger time, for manual fires) this execution stands for. */
  scheduledAt: Date;
  trigger: FireTrigger;
}

/**
 * A job as a module registers it. Cron expressions have 5 or 6 fields (seconds optional) and are
 * evaluated in UTC. The handler may return a short summary that is logged.
 */
export interface JobDefinition {
  jobId: string;
  cron: string;
  /** Fires of this job allowed to run at the same time, across replicas (default 1: no overlap). */
  maxConcurrency?: number;
  catchUp?: CatchUpPolicy;
  backfillLimit?: BackfillLimit;
  /**
   * Longest a fire may run: an older one stops counting even while its replica still renews it
   * (hung handler). A fire whose replica died stops counting much sooner, once its heartbeat
   * lease (SCHEDULER_FIRE_LEASE_MS) runs out.
   */
  leaseMs?: number;
  description?: string;
  handler: (context: JobContext) => Promise<string | void>;
}

export type ResolvedJobDefinition = Required<Omit<JobDefinition, 'backfillLimit' | 'description'>> & {
  backfillLimit: BackfillLimit;
  description: string;
};

export const JOB_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;
