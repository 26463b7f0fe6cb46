import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TenantDatabase } from '../framework/database';
import { EventBus, TOPICS } from '../framework/events';
import { ConflictError, NotFoundError } from '../framework/errors';
import { RunQueue } from '../pipeline/run/run-queue';
import { RunWorker } from '../pipeline/run/run-worker';
import { ApprovalPolicy } from './approval-policy';
import type { InvoiceDetailDto } from './dto/invoice-detail.dto';
import type { ReviewQueueDto, ReviewQueueQuery } from './dto/review.dto';
import type { ApprovalVerdict } from './entities/invoice-approval.entity';
import { InvoiceApprovalRepository } from './invoice-approval.repository';
import { decodeCursor, encodeCursor } from './invoice-cursor';
import { InvoiceRepository } from './invoice.repository';
import { InvoicesService } from './invoices.service';

export interface VerdictInput {
  approver: string;
  reason?: string;
  comment?: string;
  correlationId?: string;
}

/**
 * The review of invoices awaiting approval: the queue, and people's verdicts. A verdict is taken
 * under the invoice row's lock (verdicts on one invoice take turns): an approval that completes
 * the approvals needed queues the run that resumes the paused one (export follows); a rejection
 * ends the invoice as rejected. Each verdict is a row of invoice_approvals (the audit trail) and
 * an event.
 */
@Injectable()
export class ReviewService {
  private readonly logger = new Logger('Review');

  constructor(
    private readonly db: TenantDatabase,
    private readonly invoices: InvoiceRepository,
    private readonly approvals: InvoiceApprovalRepository,
    private readonly policy: ApprovalPolicy,
    private readonly queue: RunQueue,
    private readonly worker: RunWorker,
    private readonly events: EventBus,
    private readonly details: InvoicesService,
  ) {}

  async reviewQueue(tenantId: string, query: ReviewQueueQuery): Promise<ReviewQueueDto> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const { rows, paused, given } = await this.db.transaction(tenantId, async (tx) => {
      const rows = await this.invoices.reviewQueue(tx, tenantId, {
        supplier: query.supplier,
        minTotal: query.min_total,
        maxTotal: query.max_total,
        currency: query.currency,
        from: query.from,
        to: query.to,
        after,
        limit: query.limit + 1,
      });
      const paused = await this.queue.pausedRuns(tx, tenantId, rows.slice(0, query.limit).map((r) => r.id));
      const given = await this.approvals.approvalsGiven(tx, tenantId, [...paused.values()].map((p) => p.runId));
      return { rows, paused, given };
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const items = await Promise.all(
      page.map(async (r) => {
        const run = paused.get(r.id);
        return {
          id: r.id,
          invoice_number: r.invoice_number,
          supplier_name: r.supplier_name,
          issue_date: r.issue_date,
          total: r.total_amount,
          currency: r.currency,
          received_at: r.received_at.toISOString(),
          decision_reasons: Array.isArray(run?.reasons) ? run.reasons.filter((x): x is string => typeof x === 'string') : [],
          approvals_required: await this.policy.approvalsRequired(tenantId, r.total_amount),
          approvals_given: run ? (given.get(run.runId) ?? 0) : 0,
        };
      }),
    );
    return { items, next_cursor: rows.length > query.limit && last ? encodeCursor(last.cursor_ts, last.id) : null };
  }

  approve(tenantId: string, invoiceId: string, input: VerdictInput): Promise<InvoiceDetailDto> {
    return this.verdict(tenantId, invoiceId, 'approve', input);
  }

  reject(tenantId: string, invoiceId: string, input: VerdictInput): Promise<InvoiceDetailDto> {
    return this.verdict(tenantId, invoiceId, 'reject', input);
  }

  private async verdict(tenantId: string, invoiceId: string, verdict: ApprovalVerdict, input: VerdictInput): Promise<InvoiceDetailDto> {
    const outcome = await this.db.transaction(tenantId, async (tx) => {
      const { pausedRunId, totalAmount } = await this.pausedRun(tx, tenantId, invoiceId);
      await this.approvals.insert(tx, {
        tenantId,
        invoiceId,
        runId: pausedRunId,
        approver: input.approver,
        verdict,
        reason: input.reason ?? null,
        comment: input.comment ?? null,
      });
      if (verdict === 'reject') {
        await this.invoices.markRejected(tx, tenantId, invoiceId);
        return { status: 'rejected' as const, runId: pausedRunId };
      }
      const given = (await this.approvals.ofInvoice(tx, tenantId, invoiceId)).filter((a) => a.runId === pausedRunId && a.verdict === 'approve').length;
      const required = await this.policy.approvalsRequired(tenantId, totalAmount);
      if (given < required) return { status: 'awaiting_approval' as const, runId: pausedRunId };
      // Released: the run that resumes the paused one (at most one per paused run: a unique index).
      const run = await this.queue.enqueue(tx, { tenantId, invoiceId, trigger: 'approval', resumesRunId: pausedRunId, correlationId: input.correlationId, requestedBy: input.approver });
      await this.invoices.markReceived(tx, tenantId, invoiceId);
      return { status: 'received' as const, runId: run.runId };
    });
    this.logger.log({ tenantId, invoiceId, approver: input.approver, verdict, status: outcome.status }, 'verdict on an invoice awaiting approval');
    this.events.publish(TOPICS.invoiceVerdictGiven, { invoice_id: invoiceId, tenant_id: tenantId, approver: input.approver, verdict, status: outcome.status });
    if (outcome.status !== 'awaiting_approval') {
      this.events.publish(TOPICS.invoiceStatusChanged, { invoice_id: invoiceId, run_id: outcome.runId, tenant_id: tenantId, status: outcome.status });
    }
    if (outcome.status === 'received') this.worker.wake();
    return this.details.detail(tenantId, invoiceId);
  }

  /** The run the invoice waits on, its row locked first; 404 when missing, 409 unless it awaits approval. */
  private async pausedRun(tx: EntityManager, tenantId: string, invoiceId: string): Promise<{ pausedRunId: string; totalAmount: string | null }> {
    const invoice = await this.invoices.lockForReview(tx, tenantId, invoiceId);
    if (!invoice) throw new NotFoundError(`Invoice ${invoiceId} does not exist.`);
    if (invoice.status !== 'awaiting_approval') {
      throw new ConflictError(`Invoice ${invoiceId} is not awaiting approval (its status is ${invoice.status}).`);
    }
    const latest = await this.queue.latestRun(tx, tenantId, invoiceId);
    if (!latest || latest.status !== 'awaiting_approval') throw new ConflictError(`Invoice ${invoiceId} is not awaiting approval.`);
    return { pausedRunId: latest.runId, totalAmount: invoice.totalAmount };
  }
}
