import { Injectable, Logger } from '@nestjs/common';
import { LifecycleParticipant, Startable, Stoppable } from '../../framework/lifecycle';
import { SchedulerService } from '../../framework/scheduler';
import { PipelineRunConfig } from '../../pipeline/run/pipeline-run.config';
import { DueMessage, OutboxRepository } from './outbox.repository';
import { WebhookSender } from './webhook-sender';

const SEND_TIMEOUT_MS = 5000;
/** Messages claimed and sent together; a fire sends at most `limit` (several batches). */
const BATCH = 10;
/**
 * A batch is sent in parallel, so it takes one send timeout: the claim covers three. Messages a
 * killed relay had claimed are due again within this time.
 */
const CLAIM_MS = 3 * SEND_TIMEOUT_MS;

/** Exponential backoff: 1 s, 2 s, 4 s … capped. */
export function redeliveryDelayMs(attempts: number, maxMs: number): number {
  return Math.min(maxMs, 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Redelivers outbox messages. Due messages of every tenant are claimed in batches with FOR UPDATE
 * SKIP LOCKED in one statement (claim_outbox_messages, which pushes next_attempt_at ahead by
 * CLAIM_MS so no one else takes them), sent in parallel outside any transaction, then marked
 * delivered or rescheduled with exponential backoff as their tenant. The `outbox` lifecycle
 * participant: start registers the redelivery job (the scheduler, started before, times it at
 * once); stop lets the batch being sent finish and claims no further batch.
 */
@Injectable()
@LifecycleParticipant({ name: 'outbox', dependsOn: ['database', 'tenancy', 'scheduler'] })
export class OutboxRelay implements Startable, Stoppable {
  private readonly logger = new Logger('OutboxRelay');

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly sender: WebhookSender,
    private readonly scheduler: SchedulerService,
    private readonly config: PipelineRunConfig,
  ) {}

  private stopped = false;
  private delivering?: Promise<unknown>;
  private registered = false;

  async start(): Promise<void> {
    this.stopped = false;
    if (this.registered) return;
    this.registered = true;
    await this.scheduler.register({
      jobId: 'outbox.redelivery',
      cron: this.config.outboxRedeliveryCron,
      catchUp: 'skip',
      maxConcurrency: 1,
      description: 'Redelivers export outbox messages whose backoff has elapsed.',
      handler: async () => {
        const { delivered, failed } = await this.deliverDue();
        return `redelivered ${delivered}, still failing ${failed}`;
      },
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.delivering?.catch(() => undefined);
  }

  async deliverDue(limit = 50): Promise<{ delivered: number; failed: number }> {
    const work = this.deliverBatches(limit);
    this.delivering = work;
    return work;
  }

  private async deliverBatches(limit: number): Promise<{ delivered: number; failed: number }> {
    let delivered = 0;
    let failed = 0;
    while (delivered + failed < limit && !this.stopped) {
      const size = Math.min(BATCH, limit - delivered - failed);
      const due = await this.outbox.claimDue(size, CLAIM_MS);
      const outcomes = await Promise.all(due.map((message) => this.deliver(message)));
      delivered += outcomes.filter(Boolean).length;
      failed += outcomes.filter((ok) => !ok).length;
      if (due.length < size) break;
    }
    return { delivered, failed };
  }

  /** Sends one claimed message (the same Webhook-Id as the run's own attempts) and records the outcome. */
  private async deliver(message: DueMessage): Promise<boolean> {
    try {
      await this.sender.send(message.target_url, message.payload, SEND_TIMEOUT_MS);
      await this.outbox.markDelivered(message.tenant_id, message.message_id);
      return true;
    } catch (error) {
      const delay = redeliveryDelayMs(message.attempts + 1, this.config.outboxMaxBackoffMs);
      const reason = error instanceof Error ? error.message : String(error);
      await this.outbox.reschedule(message.tenant_id, message.message_id, delay, reason);
      this.logger.warn({ messageId: message.message_id, attempts: message.attempts + 1, reason }, 'outbox redelivery failed; retrying later');
      return false;
    }
  }
}
