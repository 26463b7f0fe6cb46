import { ValidationError } from '../errors';
import { cronProblem } from './cron-schedule';
import { CATCH_UP_POLICIES, JOB_ID_PATTERN, JobDefinition, ResolvedJobDefinition } from './job-definition';

const DEFAULT_LEASE_MS = 60 * 60 * 1000;

/** Checks a definition and fills the defaults; every problem is reported at once. */
export function resolveJobDefinition(definition: JobDefinition): ResolvedJobDefinition {
  const errors: Array<{ field: string; reason: string }> = [];
  if (!JOB_ID_PATTERN.test(definition.jobId)) errors.push({ field: 'jobId', reason: `must match ${JOB_ID_PATTERN}` });
  const cron = cronProblem(definition.cron);
  if (cron) errors.push({ field: 'cron', reason: `invalid cron expression: ${cron}` });
  const maxConcurrency = definition.maxConcurrency ?? 1;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) errors.push({ field: 'maxConcurrency', reason: 'must be an integer >= 1' });
  const catchUp = definition.catchUp ?? 'skip';
  if (!CATCH_UP_POLICIES.includes(catchUp)) errors.push({ field: 'catchUp', reason: `must be one of ${CATCH_UP_POLICIES.join(', ')}` });
  const limit = definition.backfillLimit ?? {};
  if (limit.count !== undefined && (!Number.isInteger(limit.count) || limit.count < 1)) {
    errors.push({ field: 'backfillLimit.count', reason: 'must be an integer >= 1' });
  }
  if (limit.durationMs !== undefined && (!Number.isFinite(limit.durationMs) || limit.durationMs <= 0)) {
    errors.push({ field: 'backfillLimit.durationMs', reason: 'must be a positive number of milliseconds' });
  }
  const leaseMs = definition.leaseMs ?? DEFAULT_LEASE_MS;
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) errors.push({ field: 'leaseMs', reason: 'must be a positive number of milliseconds' });
  if (typeof definition.handler !== 'function') errors.push({ field: 'handler', reason: 'must be a function' });
  if (errors.length > 0) throw new ValidationError(`job definition "${definition.jobId}" is invalid`, errors);
  return {
    jobId: definition.jobId,
    cron: definition.cron,
    maxConcurrency,
    catchUp,
    backfillLimit: { ...limit },
    leaseMs,
    description: definition.description ?? '',
    handler: definition.handler,
  };
}
