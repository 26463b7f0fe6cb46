import { createHash } from 'node:crypto';
import { isDecimalText, isIsoDate } from '../../einvoice';
import { TenantDatabase } from '../../framework/database';
import { InputFault } from '../../pipeline/catalogue/stage-fault';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { invoiceTotal, supplierKey } from '../../domain/canonical-invoice';
import type { DuplicateCheckInput, DuplicateCheckOutput } from '../../pipeline/contracts';


/**
 * Same tenant, supplier, number, issue date and total → duplicate. The insert into
 * invoice_fingerprints decides under its unique constraint (no read-then-write race); the
 * invoice that owns the row is the original, so a reprocess of it is not its own duplicate.
 */
@StageModule({
  id: 'fingerprint',
  name: 'Fingerprint',
  version: '1.0.0',
  stage: 'duplicate-check',
  contract: { name: 'duplicate-check', version: '1.0.0' },
  guarantees: ['persisted_fingerprint'],
  description: 'Detects duplicates with a unique index on tenant, supplier, number, issue date and total.',
})
export class FingerprintModule implements StageModuleImplementation<DuplicateCheckInput, DuplicateCheckOutput> {
  constructor(private readonly db: TenantDatabase) {}

  async execute(input: DuplicateCheckInput): Promise<DuplicateCheckOutput> {
    const supplier = supplierKey(input.invoice);
    const { number, issue_date: issueDate } = input.invoice;
    const total = invoiceTotal(input.invoice);
    if (!supplier || !number || !issueDate || !total) {
      throw new InputFault('invalid', 'the invoice lacks the supplier, number, issue date or total a duplicate check needs');
    }
    // The date and numeric columns would refuse them with a database error; say what is wrong instead.
    if (!isIsoDate(issueDate)) throw new InputFault('invalid', 'BT-2 issue date is not a calendar date YYYY-MM-DD', [{ rule: 'XSD-DATATYPE', message: 'BT-2 issue date is not a calendar date YYYY-MM-DD', location: 'issue_date' }]);
    if (!isDecimalText(total)) throw new InputFault('invalid', 'BT-115 amount due is not a decimal number', [{ rule: 'XSD-DATATYPE', message: 'BT-115 amount due is not a decimal number', location: 'totals.payable' }]);
    const fingerprint = createHash('sha256').update([input.tenantId, supplier, number, issueDate, total].join('\u0000')).digest('hex');
    const owner = await this.record(input.tenantId, supplier, number, issueDate, total, input.invoiceId);
    if (!owner) throw new Error('the fingerprint could not be recorded');
    return { duplicate: owner !== input.invoiceId, fingerprint, duplicate_of: owner === input.invoiceId ? null : owner };
  }

  /** The invoice that owns the fingerprint: this one when it was the first. */
  private async record(tenantId: string, supplier: string, number: string, issueDate: string, total: string, invoiceId: string): Promise<string | undefined> {
    const rows = await this.db.statement<{ invoice_id: string }>(
      tenantId,
      `WITH inserted AS (
         INSERT INTO invoice_fingerprints (tenant_id, supplier_key, invoice_number, issue_date, total, invoice_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT ON CONSTRAINT invoice_fingerprints_unique DO NOTHING
         RETURNING invoice_id)
       SELECT invoice_id FROM inserted
       UNION ALL
       SELECT invoice_id FROM invoice_fingerprints
        WHERE tenant_id = $1 AND supplier_key = $2 AND invoice_number = $3 AND issue_date = $4 AND total = $5
       LIMIT 1`,
      [tenantId, supplier, number, issueDate, total, invoiceId],
    );
    if (rows[0]) return rows[0].invoice_id;
    // A concurrent insert of the same key committed after this statement's snapshot was taken:
    // ON CONFLICT skipped, but the row is only visible to a new statement (READ COMMITTED).
    const again = await this.db.statement<{ invoice_id: string }>(
      tenantId,
      `SELECT invoice_id FROM invoice_fingerprints
        WHERE tenant_id = $1 AND supplier_key = $2 AND invoice_number = $3 AND issue_date = $4 AND total = $5`,
      [tenantId, supplier, number, issueDate, total],
    );
    return again[0]?.invoice_id;
  }
}
