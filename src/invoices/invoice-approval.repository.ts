import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConflictError, withDatabaseErrors } from '../framework/errors';
import { type ApprovalVerdict, InvoiceApprovalEntity } from './entities/invoice-approval.entity';

/** The invoice_approvals table: people's verdicts on invoices awaiting approval (in the caller's tenant transaction). */
@Injectable()
export class InvoiceApprovalRepository {
  /** Records a verdict; a second verdict of the same approver on the same paused run is a 409. */
  async insert(
    tx: EntityManager,
    verdict: { tenantId: string; invoiceId: string; runId: string; approver: string; verdict: ApprovalVerdict; reason: string | null; comment: string | null },
  ): Promise<InvoiceApprovalEntity> {
    const rows = await withDatabaseErrors(
      {
        invoice_approvals_one_verdict_per_approver: { message: 'You have already given your verdict on this invoice; a second approval must come from another approver.', as: 'conflict' },
        invoice_approvals_on_paused_run: (cause) => new ConflictError(`Invoice ${verdict.invoiceId} is not awaiting approval.`, { cause }),
      },
      () =>
        tx.query<Array<{ approval_id: string; created_at: Date }>>(
          `INSERT INTO invoice_approvals (tenant_id, invoice_id, run_id, approver, verdict, reason, comment)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING approval_id, created_at`,
          [verdict.tenantId, verdict.invoiceId, verdict.runId, verdict.approver, verdict.verdict, verdict.reason, verdict.comment],
        ),
    );
    return { ...verdict, approvalId: rows[0].approval_id, createdAt: rows[0].created_at };
  }

  /** Approvals given so far on each of these paused runs. */
  async approvalsGiven(tx: EntityManager, tenantId: string, runIds: string[]): Promise<Map<string, number>> {
    if (runIds.length === 0) return new Map();
    const rows = await tx.query<Array<{ run_id: string; n: number }>>(
      `SELECT run_id, count(*)::int AS n FROM invoice_approvals WHERE tenant_id = $1 AND run_id = ANY($2::uuid[]) AND verdict = 'approve' GROUP BY run_id`,
      [tenantId, runIds],
    );
    return new Map(rows.map((r) => [r.run_id, r.n]));
  }

  /** Every verdict on an invoice, oldest first. */
  ofInvoice(tx: EntityManager, tenantId: string, invoiceId: string): Promise<InvoiceApprovalEntity[]> {
    return tx.getRepository(InvoiceApprovalEntity).find({ where: { tenantId, invoiceId }, order: { createdAt: 'ASC' } });
  }
}
