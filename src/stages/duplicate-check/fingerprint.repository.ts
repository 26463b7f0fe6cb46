import { Injectable } from '@nestjs/common';
import { fragment, type SqlFragment, TenantDatabase } from '../../framework/database';

/** The key of a duplicate: same tenant, supplier, document type, number, issue date and total. */
export interface FingerprintKey {
  tenantId: string;
  supplierKey: string;
  documentType: 'Invoice' | 'CreditNote';
  invoiceNumber: string;
  issueDate: string;
  total: string;
}

/** The tenant-owned table invoice_fingerprints, as the tenant (TenantDatabase, row-level security). */
@Injectable()
export class FingerprintRepository {
  constructor(private readonly db: TenantDatabase) {}

  /**
   * Records the fingerprint for the invoice unless one with the same key exists, under the unique
   * constraint (no read-then-write race); returns the invoice that owns it: this one when it was
   * the first.
   */
  async record(key: FingerprintKey, invoiceId: string): Promise<string | undefined> {
    const { tenantId, supplierKey, documentType, invoiceNumber, issueDate, total } = key;
    const rows = await this.db.statement<{ invoice_id: string }>(
      tenantId,
      `WITH inserted AS (
         INSERT INTO invoice_fingerprints (tenant_id, supplier_key, document_type, invoice_number, issue_date, total, invoice_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT ON CONSTRAINT invoice_fingerprints_unique DO NOTHING
         RETURNING invoice_id)
       SELECT invoice_id FROM inserted
       UNION ALL
       SELECT invoice_id FROM invoice_fingerprints
        WHERE tenant_id = $1 AND supplier_key = $2 AND document_type = $3 AND invoice_number = $4 AND issue_date = $5 AND total = $6
       LIMIT 1`,
      [tenantId, supplierKey, documentType, invoiceNumber, issueDate, total, invoiceId],
      { prepared: true },
    );
    if (rows[0]) return rows[0].invoice_id;
    // A concurrent insert of the same key committed after this statement's snapshot was taken:
    // ON CONFLICT skipped, but the row is only visible to a new statement (READ COMMITTED).
    const again = await this.db.statement<{ invoice_id: string }>(
      tenantId,
      `SELECT invoice_id FROM invoice_fingerprints
        WHERE tenant_id = $1 AND supplier_key = $2 AND document_type = $3 AND invoice_number = $4 AND issue_date = $5 AND total = $6`,
      [tenantId, supplierKey, documentType, invoiceNumber, issueDate, total],
    );
    return again[0]?.invoice_id;
  }

  /**
   * record() as a step confirming a provisional "not a duplicate" in the run's finishing statement
   * (StageCallContext.finish.confirm): inserts the fingerprint under the same unique constraint and
   * returns a row when the invoice owns it: it was the first, or owned it already (a reprocess of
   * the original is not its own duplicate: the owner's row is updated to itself, which returns
   * it). A key another invoice owns returns no row and writes nothing; one that a concurrent
   * transaction is inserting waits for it (READ COMMITTED), then decides by its outcome.
   */
  recordStep(key: FingerprintKey, invoiceId: string): SqlFragment {
    const { tenantId, supplierKey, documentType, invoiceNumber, issueDate, total } = key;
    return fragment(
      `INSERT INTO invoice_fingerprints (tenant_id, supplier_key, document_type, invoice_number, issue_date, total, invoice_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ON CONSTRAINT invoice_fingerprints_unique DO UPDATE SET invoice_id = EXCLUDED.invoice_id
        WHERE invoice_fingerprints.invoice_id = EXCLUDED.invoice_id
       RETURNING invoice_id`,
      [tenantId, supplierKey, documentType, invoiceNumber, issueDate, total, invoiceId],
    );
  }

  /** The invoice that owns the fingerprint, or undefined: a read only (shadow runs' dry run). */
  async owner(key: FingerprintKey): Promise<string | undefined> {
    const { tenantId, supplierKey, documentType, invoiceNumber, issueDate, total } = key;
    const rows = await this.db.statement<{ invoice_id: string }>(
      tenantId,
      `SELECT invoice_id FROM invoice_fingerprints
        WHERE tenant_id = $1 AND supplier_key = $2 AND document_type = $3 AND invoice_number = $4 AND issue_date = $5 AND total = $6`,
      [tenantId, supplierKey, documentType, invoiceNumber, issueDate, total],
    );
    return rows[0]?.invoice_id;
  }
}
