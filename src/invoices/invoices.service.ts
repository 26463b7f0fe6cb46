import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TenantDatabase } from '../framework/database';
import { EventBus, TOPICS } from '../framework/events';
import { ConflictError, NotFoundError, ValidationError } from '../framework/errors';
import { RunQueue } from '../pipeline/run/run-queue';
import { RunWaiters } from '../pipeline/run/run-waiters';
import { RunWorker } from '../pipeline/run/run-worker';
import { PipelineMetrics } from '../pipeline/run/pipeline-metrics';
import { PipelineRunConfig } from '../pipeline/run/pipeline-run.config';
import type { RecordedRun } from '../pipeline/run/run-result';
import { detailOfFirstRun, InvoiceDetailDto, InvoiceListDto } from './dto/invoice-detail.dto';
import { InvoiceReceiptDto } from './dto/invoice-receipt.dto';
import type { ListInvoicesQuery } from './dto/list-invoices.query';
import { InvoiceEntity, InvoiceMediaType } from './entities/invoice.entity';
import { decodeCursor, encodeCursor } from './invoice-cursor';
import { IdempotencyKeyTaken, InvoiceRepository } from './invoice.repository';
import { InvoiceApprovalRepository } from './invoice-approval.repository';
import { ApprovalPolicy } from './approval-policy';
import { storedProjection } from '../pipeline/contracts/registry';

export interface SubmitOptions {
  idempotencyKey?: string;
  /** Process inline and wait (bounded) for the result. */
  wait?: boolean;
  /** The request's correlation id, stored with the run: its stages log under it. */
  correlationId?: string;
  /** Who submits (the principal's subject), recorded on the run. */
  requestedBy?: string;
}

export interface Submission {
  invoice: InvoiceEntity;
  /** The same Idempotency-Key and body were seen before: this is the invoice created then. */
  replayed: boolean;
  /** Set when the caller waited and the run finished in time. */
  detail?: InvoiceDetailDto;
}

@Injectable()
export class InvoicesService {
  constructor(
    private readonly invoices: InvoiceRepository,
    private readonly db: TenantDatabase,
    private readonly queue: RunQueue,
    private readonly worker: RunWorker,
    private readonly config: PipelineRunConfig,
    private readonly metrics: PipelineMetrics,
    private readonly events: EventBus,
    private readonly waiters: RunWaiters,
    private readonly approvals: InvoiceApprovalRepository,
    private readonly policy: ApprovalPolicy,
  ) {}

  /**
   * Stores the raw document, its SHA-256 and its first run in one transaction before any
   * processing, so nothing the caller sent is lost whatever happens to the processing later.
   */
  async receive(tenantId: string, contentType: InvoiceMediaType, document: Buffer | undefined, options: SubmitOptions = {}): Promise<Submission> {
    if (!document || document.length === 0) {
      throw new ValidationError('The request body is empty.', [{ field: 'body', reason: 'must hold the invoice document' }]);
    }
    if (contentType === 'application/json') assertJsonObject(document);
    if (options.idempotencyKey !== undefined) assertKey(options.idempotencyKey);
    const documentSha256 = createHash('sha256').update(document).digest('hex');
    // What an Idempotency-Key is bound to (the same key with another body is refused); needed only with a key.
    const requestSha256 = options.idempotencyKey === undefined ? '' : createHash('sha256').update(`${contentType}\n${documentSha256}`).digest('hex');
    const leaseMs = options.wait ? this.config.runLeaseMs : undefined;
    const { correlationId, requestedBy } = options;

    let stored: { invoice: InvoiceEntity; runId: string; claimToken: string | null } | { replayOf: InvoiceEntity };
    try {
      stored = options.idempotencyKey === undefined ? await this.insertWithoutKey(tenantId, contentType, document, documentSha256, leaseMs, correlationId, requestedBy) : await this.db.transaction(tenantId, async (manager) => {
        if (options.idempotencyKey !== undefined) {
          const previous = await this.invoices.findKey(manager, tenantId, options.idempotencyKey);
          if (previous) return { replayOf: await this.replay(previous.requestSha256, requestSha256, tenantId, previous.invoiceId, manager) };
        }
        const invoice = await this.invoices.insert(manager, { tenantId, contentType, document, documentSha256 }, leaseMs ? 'processing' : 'received');
        if (options.idempotencyKey !== undefined) {
          await this.invoices.insertKey(manager, { tenantId, key: options.idempotencyKey, requestSha256, invoiceId: invoice.id });
        }
        const run = await this.queue.enqueue(manager, { tenantId, invoiceId: invoice.id, trigger: 'submit', claimLeaseMs: leaseMs, correlationId, requestedBy });
        return { invoice, ...run };
      });
    } catch (error) {
      // The same key raced in from another request that committed first: answer as a replay.
      if (error instanceof IdempotencyKeyTaken && options.idempotencyKey !== undefined) {
        const key = options.idempotencyKey;
        stored = await this.db.transaction(tenantId, async (manager) => {
          const previous = await this.invoices.findKey(manager, tenantId, key);
          if (!previous) throw error;
          return { replayOf: await this.replay(previous.requestSha256, requestSha256, tenantId, previous.invoiceId, manager) };
        });
      } else {
        throw error;
      }
    }

    if ('replayOf' in stored) {
      const detail = options.wait ? await this.awaitOpenRun(stored.replayOf) : undefined;
      return { invoice: stored.replayOf, replayed: true, detail };
    }
    const { invoice, runId, claimToken } = stored;
    this.events.publish(TOPICS.invoiceStatusChanged, { invoice_id: invoice.id, run_id: runId, tenant_id: tenantId, status: 'received' });
    if (!claimToken) {
      this.worker.wake();
      return { invoice, replayed: false };
    }
    // In this request's log context: its lines carry the correlation id the run was stored with.
    const processing = this.worker.runInline({ runId, invoiceId: invoice.id, tenantId, claimToken, attempts: 1, document, contentType, correlationId }, true);
    const recorded = await settledWithin(processing, this.config.waitTimeoutMs);
    if (recorded === undefined) return { invoice, replayed: false };
    // Recorded by this request: answer from memory; otherwise (lost claim, error) read it back.
    if (!recorded) return { invoice, replayed: false, detail: await this.detail(tenantId, invoice.id) };
    const required = recorded.status === 'awaiting_approval' ? await this.policy.approvalsRequired(tenantId, storedProjection(recorded.state).total_amount) : null;
    return { invoice, replayed: false, detail: detailOfFirstRun(invoice, runId, recorded, required, requestedBy) };
  }

  private async insertWithoutKey(
    tenantId: string,
    contentType: InvoiceMediaType,
    document: Buffer,
    documentSha256: string,
    leaseMs: number | undefined,
    correlationId?: string,
    requestedBy?: string,
  ) {
    const { step, claimToken } = this.queue.firstRun({ claimLeaseMs: leaseMs, correlationId, requestedBy });
    const { invoice, runId } = await this.invoices.insertWithFirstRun({ tenantId, contentType, document, documentSha256 }, claimToken ? 'processing' : 'received', step);
    return { invoice, runId, claimToken };
  }

  /** Another tenant's invoice answers exactly like a missing one (404), so its existence does not leak. */
  private async get(manager: EntityManager, tenantId: string, id: string): Promise<InvoiceEntity> {
    const invoice = await this.invoices.findById(manager, tenantId, id);
    if (!invoice) throw new NotFoundError(`Invoice ${id} does not exist.`);
    return invoice;
  }

  /**
   * The received document, byte for byte, with its media type and SHA-256. The digest is computed
   * again from the bytes read: a stored document that no longer matches its recorded digest is a
   * server fault, never served as the original.
   */
  async original(tenantId: string, id: string): Promise<{ document: Buffer; contentType: InvoiceMediaType; sha256: string }> {
    const stored = await this.invoices.original(tenantId, id);
    if (!stored) throw new NotFoundError(`Invoice ${id} does not exist.`);
    const sha256 = createHash('sha256').update(stored.document).digest('hex');
    if (sha256 !== stored.documentSha256) throw new Error(`the stored document of invoice ${id} does not match its recorded SHA-256`);
    return { document: stored.document, contentType: stored.contentType, sha256 };
  }

  async detail(tenantId: string, id: string): Promise<InvoiceDetailDto> {
    const { invoice, runs, results, approvals } = await this.db.transaction(tenantId, async (manager) => {
      const invoice = await this.get(manager, tenantId, id);
      const { runs, results } = await this.queue.history(manager, tenantId, id);
      return { invoice, runs, results, approvals: await this.approvals.ofInvoice(manager, tenantId, id) };
    });
    const approvalsRequired = invoice.status === 'awaiting_approval' ? await this.policy.approvalsRequired(tenantId, invoice.totalAmount) : null;
    return InvoiceDetailDto.detail(invoice, runs, results, { approvals, approvalsRequired });
  }

  async list(tenantId: string, query: ListInvoicesQuery): Promise<InvoiceListDto> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const filter = { status: query.status, supplier: query.supplier, from: query.from, to: query.to, after, limit: query.limit + 1 };
    const rows = await this.db.transaction(tenantId, (manager) => this.invoices.list(manager, tenantId, filter));
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => InvoiceReceiptDto.from(r.invoice)),
      next_cursor: rows.length > query.limit && last ? encodeCursor(last.cursor, last.invoice.id) : null,
    };
  }

  /** A new run on the current active configuration; earlier runs stay in the history. */
  async reprocess(tenantId: string, id: string, correlationId?: string, requestedBy?: string): Promise<{ invoice: InvoiceEntity; runId: string }> {
    // A run still open is a 409 (RunRepository maps its table's one-open-run constraint).
    const { invoice, runId } = await this.db.transaction(tenantId, async (manager) => {
      const found = await this.get(manager, tenantId, id);
      const run = await this.queue.enqueue(manager, { tenantId, invoiceId: id, trigger: 'reprocess', correlationId, requestedBy });
      await this.invoices.markReceived(manager, tenantId, id);
      return { invoice: found, runId: run.runId };
    });
    this.events.publish(TOPICS.invoiceStatusChanged, { invoice_id: id, run_id: runId, tenant_id: tenantId, status: 'received' });
    this.worker.wake();
    return { invoice: { ...invoice, status: 'received' }, runId };
  }

  private async replay(previousSha: string, requestSha: string, tenantId: string, invoiceId: string, manager: EntityManager): Promise<InvoiceEntity> {
    if (previousSha.trim() !== requestSha) {
      throw new ConflictError('This Idempotency-Key was used with a different request body.');
    }
    const invoice = await this.invoices.findById(manager, tenantId, invoiceId);
    if (!invoice) throw new NotFoundError(`Invoice ${invoiceId} does not exist.`);
    return invoice;
  }

  /**
   * A replayed ?wait=true request waits for the original's run like the original did: woken by
   * RunWaiters when the run ends in this process. A run another replica processes (or one that
   * ended between the check and the wait) is seen by the re-check every PIPELINE_WORKER_POLL_MS.
   */
  private async awaitOpenRun(invoice: InvoiceEntity): Promise<InvoiceDetailDto | undefined> {
    const deadline = Date.now() + this.config.waitTimeoutMs;
    const open = () => this.queue.openRun(invoice.tenantId, invoice.id);
    for (let runId = await open(); runId; runId = await open()) {
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await this.waiters.wait(runId, Math.min(left, this.config.workerPollMs));
    }
    return this.detail(invoice.tenantId, invoice.id);
  }
}

/** The run's outcome if it settles within `ms` (null when it failed or lost its claim), undefined on timeout. */
function settledWithin(work: Promise<RecordedRun | null>, ms: number): Promise<RecordedRun | null | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([work.catch(() => null), timeout]).finally(() => clearTimeout(timer));
}

/** Fastify has parsed the JSON already (malformed JSON never gets here); the root must be an object. */
function assertJsonObject(document: Buffer): void {
  const first = document.toString('utf8').trimStart()[0];
  if (first !== '{') {
    throw new ValidationError('A JSON invoice must be a JSON object.', [{ field: 'body', reason: 'must be a JSON object' }]);
  }
}

function assertKey(key: string): void {
  if (key.length === 0 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ValidationError('The Idempotency-Key header is not valid.', [{ field: 'Idempotency-Key', reason: 'must be 1 to 255 visible ASCII characters' }]);
  }
}
