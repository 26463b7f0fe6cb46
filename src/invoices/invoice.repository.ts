import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { fragment, type SqlFragment, TenantDatabase, withSteps } from '../framework/database';
import { ConflictError, ConstraintMeanings, withDatabaseErrors } from '../framework/errors';
import type { SubjectOutcome } from '../pipeline/run/run-subject';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { InvoiceEntity, InvoiceMediaType, InvoiceStatus } from './entities/invoice.entity';

export interface NewInvoice {
  tenantId: string;
  contentType: InvoiceMediaType;
  document: Buffer;
  documentSha256: string;
}

/** InvoiceRepository.overview: counts and the latest failures of one tenant. */
export interface InvoiceOverviewRows {
  pending: Array<{ status: string; count: number }>;
  window: Record<'received_hour' | 'received_day' | 'finished_hour' | 'finished_day' | 'failed_hour' | 'failed_day', number>;
  failures: Array<{ id: string; invoice_number: string | null; supplier_name: string | null; received_at: Date; updated_at: Date }>;
}

export interface InvoiceFilter {
  status?: InvoiceStatus;
  supplier?: string;
  from?: string;
  to?: string;
  /** Keyset position: strictly older than (receivedAt, id). */
  after?: { receivedAt: string; id: string };
  limit: number;
}

export interface ReviewQueueFilter {
  supplier?: string;
  minTotal?: string;
  maxTotal?: string;
  currency?: string;
  from?: string;
  to?: string;
  after?: { receivedAt: string; id: string };
  limit: number;
}

/** An invoice awaiting approval as the review queue shows it. */
export interface ReviewQueueRow {
  id: string;
  invoice_number: string | null;
  supplier_name: string | null;
  issue_date: string | null;
  total_amount: string | null;
  currency: string | null;
  received_at: Date;
  cursor_ts: string;
}

/**
 * The Idempotency-Key was stored by a concurrent request that committed first: the service answers
 * as a replay of that request (or 409 when its body differs).
 */
export class IdempotencyKeyTaken extends ConflictError {}

/** What a violated constraint of the invoice tables means to the caller. */
function invoiceConstraints(tenantId: string): ConstraintMeanings {
  return {
    // A credential naming a tenant that does not exist: the caller's problem, not a 500.
    invoices_tenant_fk: { message: `Tenant ${tenantId} does not exist.`, as: 'forbidden' },
    idempotency_keys_pkey: (cause) => new IdempotencyKeyTaken('This Idempotency-Key is used by a concurrent request.', { cause }),
  };
}

/**
 * Database access for invoices and idempotency keys; the only place that knows the tables (runs
 * are the pipeline's: RunRepository). Every method works in the caller's tenant transaction (TenantDatabase), so row-level
 * security limits it to that tenant whatever the query says; the queries name the tenant too, for
 * the indexes.
 */
@Injectable()
export class InvoiceRepository {
  constructor(private readonly db: TenantDatabase) {}

  /** `processing` when the caller processes the invoice inline at once (?wait=true). */
  async insert(manager: EntityManager, invoice: NewInvoice, status: 'received' | 'processing' = 'received'): Promise<InvoiceEntity> {
    const repository = manager.getRepository(InvoiceEntity);
    return withDatabaseErrors(invoiceConstraints(invoice.tenantId), () => repository.save(repository.create({ ...invoice, status, sizeBytes: invoice.document.length })));
  }

  /**
   * The submission hot path without an Idempotency-Key: the invoice and its first run in one
   * statement (atomic, one round trip). The run's insert is the pipeline's step (RunQueue#firstRun):
   * it reads the CTE `invoice` and returns `run_id`.
   */
  async insertWithFirstRun(invoice: NewInvoice, status: 'received' | 'processing', firstRun: SqlFragment): Promise<{ invoice: InvoiceEntity; runId: string }> {
    const statement = withSteps(
      [
        ['invoice', fragment(
          `INSERT INTO invoices (tenant_id, status, content_type, document, document_sha256, size_bytes)
           VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, tenant_id, status, received_at, updated_at`,
          [invoice.tenantId, status, invoice.contentType, invoice.document, invoice.documentSha256, invoice.document.length],
        )],
        ['run', firstRun],
      ],
      fragment(`SELECT invoice.id, invoice.status, invoice.received_at, invoice.updated_at, run.run_id FROM invoice, run`),
    );
    const rows = await withDatabaseErrors(invoiceConstraints(invoice.tenantId), () =>
      this.db.statement<{ id: string; status: InvoiceStatus; received_at: Date; updated_at: Date; run_id: string }>(invoice.tenantId, statement.sql, statement.parameters, { prepared: true }),
    );
    const row = rows[0];
    const entity = Object.assign(new InvoiceEntity(), {
      ...invoice,
      id: row.id,
      status: row.status,
      sizeBytes: invoice.document.length,
      invoiceNumber: null,
      issueDate: null,
      supplierKey: null,
      supplierName: null,
      configVersion: null,
      reviewRequired: false,
      receivedAt: row.received_at,
      updatedAt: row.updated_at,
    });
    return { invoice: entity, runId: row.run_id };
  }

  findById(manager: EntityManager, tenantId: string, id: string): Promise<InvoiceEntity | null> {
    return manager.getRepository(InvoiceEntity).findOne({ where: { tenantId, id } });
  }

  findKey(manager: EntityManager, tenantId: string, key: string): Promise<IdempotencyKeyEntity | null> {
    return manager.getRepository(IdempotencyKeyEntity).findOneBy({ tenantId, key });
  }

  /** Throws IdempotencyKeyTaken when a concurrent request stored the same key first. */
  async insertKey(manager: EntityManager, row: { tenantId: string; key: string; requestSha256: string; invoiceId: string }): Promise<void> {
    await withDatabaseErrors(invoiceConstraints(row.tenantId), () => manager.getRepository(IdempotencyKeyEntity).insert(row));
  }

  async markReceived(manager: EntityManager, tenantId: string, invoiceId: string): Promise<void> {
    await manager.query(`UPDATE invoices SET status = 'received', updated_at = now() WHERE tenant_id = $1 AND id = $2`, [tenantId, invoiceId]);
  }

  /** The invoice's status and total, its row locked until the caller's transaction ends (verdicts on one invoice take turns); null when missing. */
  async lockForReview(tx: EntityManager, tenantId: string, invoiceId: string): Promise<{ status: InvoiceStatus; totalAmount: string | null } | null> {
    const rows = await tx.query<Array<{ status: InvoiceStatus; total_amount: string | null }>>(
      `SELECT status, total_amount FROM invoices WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, invoiceId],
    );
    return rows[0] ? { status: rows[0].status, totalAmount: rows[0].total_amount } : null;
  }

  /** A person rejected the invoice. */
  async markRejected(tx: EntityManager, tenantId: string, invoiceId: string): Promise<void> {
    await tx.query(`UPDATE invoices SET status = 'rejected', updated_at = now() WHERE tenant_id = $1 AND id = $2`, [tenantId, invoiceId]);
  }

  async markFailed(manager: EntityManager, tenantId: string, invoiceId: string): Promise<void> {
    await manager.query(`UPDATE invoices SET status = 'failed', updated_at = now() WHERE tenant_id = $1 AND id = $2`, [tenantId, invoiceId]);
  }

  /**
   * A finished run's outcome on its invoice, as the step of the run's finishing statement: reads the
   * CTE `run` (invoice_id), so it applies only when the run's own update did. The invoice is named by
   * its primary key as a value, not by a join: a join let the cached generic plan scan every invoice
   * of the tenant (invoices_tenant_id_unique on the row-level-security condition, chosen while the
   * table was small) and filter them, which grew with the tenant's invoices.
   */
  finishStep(outcome: SubjectOutcome): SqlFragment {
    const p = outcome.projection;
    return fragment(
      `UPDATE invoices i
          SET status = $1, invoice_number = $2, issue_date = $3::date, supplier_key = $4, supplier_name = $5,
              config_version = $6, review_required = $7, total_amount = $8::numeric, currency = $9, updated_at = now()
        WHERE i.id = (SELECT invoice_id FROM run)`,
      [outcome.status, p.invoice_number, p.issue_date, p.supplier_key, p.supplier_name, outcome.configVersion, outcome.reviewRequired, p.total_amount, p.currency],
    );
  }

  /** The stored document. */
  async document(tenantId: string, invoiceId: string): Promise<Buffer> {
    const rows = await this.db.statement<{ document: Buffer }>(tenantId, `SELECT document FROM invoices WHERE tenant_id = $1 AND id = $2`, [tenantId, invoiceId]);
    return rows[0].document;
  }

  /** The document as it was received, with its media type and digest, for download; undefined when the tenant has no such invoice. */
  async original(tenantId: string, invoiceId: string): Promise<{ document: Buffer; contentType: InvoiceMediaType; documentSha256: string } | undefined> {
    const rows = await this.db.statement<{ document: Buffer; content_type: InvoiceMediaType; document_sha256: string }>(
      tenantId,
      `SELECT document, content_type, document_sha256 FROM invoices WHERE tenant_id = $1 AND id = $2`,
      [tenantId, invoiceId],
    );
    const row = rows[0];
    return row && { document: row.document, contentType: row.content_type, documentSha256: row.document_sha256 };
  }

  /** Newest first, keyset-paginated on (received_at, id); the cursor keeps microseconds. */
  async list(manager: EntityManager, tenantId: string, filter: InvoiceFilter): Promise<Array<{ invoice: InvoiceEntity; cursor: string }>> {
    const qb = manager
      .getRepository(InvoiceEntity)
      .createQueryBuilder('i')
      .addSelect(`to_char(i.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_ts')
      .where('i.tenant_id = :tenantId', { tenantId });
    if (filter.status) qb.andWhere('i.status = :status', { status: filter.status });
    if (filter.supplier) {
      qb.andWhere('(i.supplier_key = :key OR upper(i.supplier_name) = :key)', { key: filter.supplier.trim().toUpperCase() });
    }
    if (filter.from) qb.andWhere('i.received_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('i.received_at < :to', { to: filter.to });
    if (filter.after) qb.andWhere('(i.received_at, i.id) < (:afterTs::timestamptz, :afterId::uuid)', { afterTs: filter.after.receivedAt, afterId: filter.after.id });
    qb.orderBy('i.received_at', 'DESC').addOrderBy('i.id', 'DESC').limit(filter.limit);
    const { entities, raw } = await qb.getRawAndEntities<{ cursor_ts: string }>();
    return entities.map((invoice, index) => ({ invoice, cursor: raw[index].cursor_ts }));
  }

  /** The review queue: a tenant's invoices awaiting approval, newest first (the partial index invoices_review_queue_idx). */
  reviewQueue(tx: EntityManager, tenantId: string, filter: ReviewQueueFilter): Promise<ReviewQueueRow[]> {
    return tx.query<ReviewQueueRow[]>(
      `SELECT i.id, i.invoice_number, i.supplier_name, to_char(i.issue_date, 'YYYY-MM-DD') AS issue_date,
              i.total_amount::text AS total_amount, i.currency, i.received_at,
              to_char(i.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_ts
         FROM invoices i
        WHERE i.tenant_id = $1 AND i.status = 'awaiting_approval'
          AND ($2::text IS NULL OR i.supplier_key = $2 OR upper(i.supplier_name) = $2)
          AND ($3::numeric IS NULL OR i.total_amount >= $3)
          AND ($4::numeric IS NULL OR i.total_amount <= $4)
          AND ($5::text IS NULL OR i.currency = $5)
          AND ($6::timestamptz IS NULL OR i.received_at >= $6)
          AND ($7::timestamptz IS NULL OR i.received_at < $7)
          AND ($8::timestamptz IS NULL OR (i.received_at, i.id) < ($8::timestamptz, $9::uuid))
        ORDER BY i.received_at DESC, i.id DESC
        LIMIT $10`,
      [
        tenantId,
        filter.supplier?.trim().toUpperCase() ?? null,
        filter.minTotal ?? null,
        filter.maxTotal ?? null,
        filter.currency ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.after?.receivedAt ?? null,
        filter.after?.id ?? null,
        filter.limit,
      ],
    );
  }

  /**
   * Shadow runs' selection, newest first: the last `lastN` received, or those received in
   * [from, to); never more than `limit`. Metadata only (documents are read one at a time).
   */
  async recent(tenantId: string, selection: { lastN?: number; from?: Date; to?: Date; limit: number }): Promise<Array<{ id: string; content_type: string; received_at: Date }>> {
    const take = Math.min(selection.lastN ?? selection.limit, selection.limit);
    return this.db.transaction(tenantId, (manager) =>
      manager.query<Array<{ id: string; content_type: string; received_at: Date }>>(
        `SELECT id, content_type, received_at FROM invoices
          WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR received_at >= $2) AND ($3::timestamptz IS NULL OR received_at < $3)
          ORDER BY received_at DESC, id DESC
          LIMIT $4`,
        [tenantId, selection.from ?? null, selection.to ?? null, take],
      ),
    );
  }

  /**
   * The operator console's overview of a tenant, bounded whatever the table's size: invoices in
   * the statuses that are still moving (the run queue as the invoices see it; the (tenant, status)
   * index), what arrived and finished in the last hour and day (the (tenant, received_at) index,
   * a day's rows at most) and the latest failures.
   */
  async overview(tenantId: string, pendingStatuses: readonly string[], failuresLimit: number): Promise<InvoiceOverviewRows> {
    return this.db.transaction(tenantId, async (manager) => {
      const pending = await manager.query<Array<{ status: string; count: string }>>(
        `SELECT status, count(*) AS count FROM invoices WHERE tenant_id = $1 AND status = ANY($2::text[]) GROUP BY status`,
        [tenantId, pendingStatuses],
      );
      const [window] = await manager.query<Array<Record<'received_hour' | 'received_day' | 'finished_hour' | 'finished_day' | 'failed_hour' | 'failed_day', string>>>(
        `SELECT count(*) FILTER (WHERE received_at >= now() - interval '1 hour') AS received_hour,
                count(*) AS received_day,
                count(*) FILTER (WHERE status IN ('completed', 'completed_with_warnings') AND updated_at >= now() - interval '1 hour') AS finished_hour,
                count(*) FILTER (WHERE status IN ('completed', 'completed_with_warnings')) AS finished_day,
                count(*) FILTER (WHERE status = 'failed' AND updated_at >= now() - interval '1 hour') AS failed_hour,
                count(*) FILTER (WHERE status = 'failed') AS failed_day
           FROM invoices WHERE tenant_id = $1 AND received_at >= now() - interval '24 hours'`,
        [tenantId],
      );
      const failures = await manager.query<InvoiceOverviewRows['failures']>(
        `SELECT id, invoice_number, supplier_name, received_at, updated_at FROM invoices
          WHERE tenant_id = $1 AND status = 'failed' ORDER BY updated_at DESC, id DESC LIMIT $2`,
        [tenantId, failuresLimit],
      );
      const counts = Object.fromEntries(Object.entries(window ?? {}).map(([key, value]) => [key, Number(value)])) as Record<keyof typeof window, number>;
      return { pending: pending.map((row) => ({ status: row.status, count: Number(row.count) })), window: counts, failures };
    });
  }

  /** The stored document, or null when the invoice is gone. */
  async documentIfAny(tenantId: string, invoiceId: string): Promise<Buffer | null> {
    const rows = await this.db.statement<{ document: Buffer }>(tenantId, `SELECT document FROM invoices WHERE tenant_id = $1 AND id = $2`, [tenantId, invoiceId]);
    return rows[0]?.document ?? null;
  }
}
