import { slotsBetween } from './cron-schedule';
import { DEFAULT_BACKFILL_LIMIT, ResolvedJobDefinition } from './job-definition';

export interface CatchUpPlan {
  /** Missed slots to run now, oldest first. */
  run: Date[];
  /** How many missed slots were seen and not run (capped by the enumeration bound). */
  dropped: number;
}

/** Missed slots looked at for the `skip` count; beyond it the log just says "at least". */
const COUNT_BOUND = 1000;

/**
 * Fires missed between the persisted last slot and now. skip: none runs. bounded_backfill: the most
 * recent missed slots within the limit (count and/or duration; both default, the smaller wins),
 * oldest first. Without a persisted last slot nothing was missed (first boot).
 */
export function planCatchUp(job: ResolvedJobDefinition, lastScheduledAt: Date | null, now: Date): CatchUpPlan {
  if (!lastScheduledAt) return { run: [], dropped: 0 };
  const missed = slotsBetween(job.cron, lastScheduledAt, now, COUNT_BOUND);
  if (job.catchUp === 'skip') return { run: [], dropped: missed.length };
  const limit = job.backfillLimit;
  const count = limit.count ?? (limit.durationMs === undefined ? DEFAULT_BACKFILL_LIMIT.count : Number.POSITIVE_INFINITY);
  const durationMs = limit.durationMs ?? (limit.count === undefined ? DEFAULT_BACKFILL_LIMIT.durationMs : Number.POSITIVE_INFINITY);
  const notBefore = now.getTime() - durationMs;
  const run = missed.filter((slot) => slot.getTime() >= notBefore).slice(0, count);
  return { run: run.reverse(), dropped: missed.length - run.length };
}
