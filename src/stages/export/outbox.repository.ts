import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantDatabase } from '../../framework/database';

/** A message claimed for redelivery (claim_outbox_messages), with its tenant. */
export interface DueMessage {
  message_id: string;
  tenant_id: string;
  target_url: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * The tenant-owned table outbox_messages. Writes run as the message's tenant (TenantDatabase,
 * row-level security); the cross-tenant claim goes through the SECURITY DEFINER function
 * claim_outbox_messages, the one way to see due messages of every tenant.
 */
@Injectable()
export class OutboxRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: TenantDatabase,
  ) {}

  /** Queues the run's delivery; a second one for the same run is ignored (one message per run). */
  async enqueue(message: { tenantId: string; invoiceId: string; runId: string; targetUrl: string; payload: unknown }): Promise<void> {
    await this.db.statement(
      message.tenantId,
      `INSERT INTO outbox_messages (tenant_id, invoice_id, run_id, target_url, payload)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT ON CONSTRAINT outbox_messages_one_per_run DO NOTHING`,
      [message.tenantId, message.invoiceId, message.runId, message.targetUrl, JSON.stringify(message.payload)],
    );
  }

  /** Claims up to `size` due messages of any tenant for `claimMs` (FOR UPDATE SKIP LOCKED, next attempt pushed ahead). */
  claimDue(size: number, claimMs: number): Promise<DueMessage[]> {
    return this.dataSource.query<DueMessage[]>(`SELECT * FROM claim_outbox_messages($1, $2)`, [size, claimMs]);
  }

  async markDelivered(tenantId: string, messageId: string): Promise<void> {
    await this.db.statement(tenantId, `UPDATE outbox_messages SET status = 'delivered', delivered_at = now(), last_error = NULL WHERE message_id = $1`, [messageId]);
  }

  /** Records a failed attempt; the message is due again after `delayMs`. */
  async reschedule(tenantId: string, messageId: string, delayMs: number, reason: string): Promise<void> {
    await this.db.statement(
      tenantId,
      `UPDATE outbox_messages SET next_attempt_at = now() + $2 * interval '1 millisecond', last_error = $3 WHERE message_id = $1`,
      [messageId, delayMs, reason],
    );
  }
}
