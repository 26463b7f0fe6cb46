import { IsBoolean, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { Setting, type ValidatesConfig } from '../../framework/config';
import type { FieldError } from '../../framework/errors';

/** Invoice processing: the run workers, waiting for results, policy caching and delivery. */
export class PipelineRunConfig implements ValidatesConfig {
  @Setting({ env: 'PIPELINE_WORKERS_ENABLED', description: 'Run the queue workers in this process (false: only accept and store invoices).' })
  @IsBoolean()
  workersEnabled: boolean = true;

  @Setting({ env: 'PIPELINE_WORKER_CONCURRENCY', description: 'Runs a process executes at the same time from the queue.' })
  @IsInt()
  @Min(1)
  @Max(256)
  workerConcurrency: number = 4;

  @Setting({ env: 'PIPELINE_WORKER_POLL_MS', description: 'How often idle workers look for queued or abandoned runs, in milliseconds.' })
  @IsInt()
  @Min(10)
  @Max(60000)
  workerPollMs: number = 1000;

  @Setting({
    env: 'PIPELINE_RUN_LEASE_MS',
    description:
      'Lease of a claimed run, renewed by its worker while it lives; a run whose lease runs out (killed or cut-off worker) is taken up again.',
  })
  @IsInt()
  @Min(100)
  @Max(3600000)
  runLeaseMs: number = 10000;

  @Setting({
    env: 'PIPELINE_RUN_HEARTBEAT_MS',
    description: 'How often a process renews the leases of the runs it holds (one statement for all); unset: a third of the lease.',
  })
  @IsOptional()
  @IsInt()
  @Min(20)
  @Max(1200000)
  runHeartbeatMs?: number;

  @Setting({ env: 'PIPELINE_WAIT_TIMEOUT_MS', description: 'Longest POST /invoices?wait=true waits for the result before answering 202.' })
  @IsInt()
  @Min(100)
  @Max(120000)
  waitTimeoutMs: number = 30000;

  @Setting({ env: 'PIPELINE_POLICY_CACHE_MS', description: 'How long fallback policies are cached before they are read again.', dynamic: true })
  @IsInt()
  @Min(0)
  @Max(600000)
  policyCacheMs: number = 2000;

  @Setting({
    env: 'SUPPLIER_CACHE_TTL_MS',
    description:
      'Longest a supplier lookup (found or not) is served from memory; changes invalidate it at once through NOTIFY. 0 disables the cache.',
  })
  @IsInt()
  @Min(0)
  @Max(3600000)
  supplierCacheTtlMs: number = 60000;

  @Setting({ env: 'SUPPLIER_CACHE_MAX_ENTRIES', description: 'Supplier lookups (tenant, lookup key) kept in memory; the least recently used go first.' })
  @IsInt()
  @Min(1)
  @Max(1000000)
  supplierCacheMaxEntries: number = 10000;

  @Setting({
    env: 'PIPELINE_WEBHOOK_SECRET',
    description: 'HMAC-SHA256 key signing webhook deliveries (Webhook-Signature and X-Signature-256); unset sends them unsigned.',
    secret: true,
  })
  @IsOptional()
  @IsString()
  @MinLength(16)
  webhookSecret?: string;

  @Setting({ env: 'OUTBOX_REDELIVERY_CRON', description: 'Cron expression (UTC) of the outbox redelivery job.' })
  @IsString()
  outboxRedeliveryCron: string = '*/10 * * * * *';

  @Setting({ env: 'OUTBOX_MAX_BACKOFF_MS', description: 'Longest wait between two redeliveries of an outbox message.' })
  @IsInt()
  @Min(1000)
  @Max(86400000)
  outboxMaxBackoffMs: number = 3600000;

  @Setting({ env: 'PIPELINE_SHUTDOWN_GRACE_MS', description: 'How long shutdown waits for runs in progress; unfinished ones are taken up after restart.' })
  @IsInt()
  @Min(0)
  @Max(600000)
  shutdownGraceMs: number = 5000;

  /** Renewals a lease survives: at least two missed heartbeats before a live holder loses its run. */
  get effectiveHeartbeatMs(): number {
    return this.runHeartbeatMs ?? Math.max(20, Math.floor(this.runLeaseMs / 3));
  }

  validateConfig(): FieldError[] {
    if (this.runHeartbeatMs === undefined || this.runHeartbeatMs * 2 <= this.runLeaseMs) return [];
    return [{ field: 'PIPELINE_RUN_HEARTBEAT_MS', reason: 'must be at most half of PIPELINE_RUN_LEASE_MS, so one late renewal does not lose a live run' }];
  }
}
