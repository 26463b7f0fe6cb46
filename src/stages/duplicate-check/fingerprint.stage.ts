import { createHash } from 'node:crypto';
import { isDecimalText, isIsoDate } from '../../einvoice';
import { InputFault } from '../../pipeline/catalogue/stage-fault';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { invoiceTotal, supplierKey } from '../../domain/canonical-invoice';
import type { DuplicateCheckInput, DuplicateCheckOutput } from '../../pipeline/contracts';
import { FingerprintRepository } from './fingerprint.repository';

/**
 * Same tenant, supplier, document type (invoice or credit note), number, issue date and total →
 * duplicate. The insert into
 * invoice_fingerprints decides under its unique constraint (no read-then-write race); the
 * invoice that owns the row is the original, so a reprocess of it is not its own duplicate.
 */
@StageModule({
  id: 'fingerprint',
  name: 'Fingerprint',
  version: '1.1.0',
  stage: 'duplicate-check',
  contract: { name: 'duplicate-check', version: '1.0.0' },
  guarantees: ['persisted_fingerprint'],
  description: 'Detects duplicates with a unique index on tenant, supplier, document type, number, issue date and total.',
})
export class FingerprintModule implements StageModuleImplementation<DuplicateCheckInput, DuplicateCheckOutput> {
  constructor(private readonly fingerprints: FingerprintRepository) {}

  async execute(input: DuplicateCheckInput): Promise<DuplicateCheckOutput> {
    const supplier = supplierKey(input.invoice);
    const { number, issue_date: issueDate, document_type: documentType } = input.invoice;
    const total = invoiceTotal(input.invoice);
    if (!supplier || !number || !issueDate || !total) {
      throw new InputFault('invalid', 'the invoice lacks the supplier, number, issue date or total a duplicate check needs');
    }
    // The date and numeric columns would refuse them with a database error; say what is wrong instead.
    if (!isIsoDate(issueDate)) throw new InputFault('invalid', 'BT-2 issue date is not a calendar date YYYY-MM-DD', [{ rule: 'XSD-DATATYPE', message: 'BT-2 issue date is not a calendar date YYYY-MM-DD', location: 'issue_date' }]);
    if (!isDecimalText(total)) throw new InputFault('invalid', 'BT-115 amount due is not a decimal number', [{ rule: 'XSD-DATATYPE', message: 'BT-115 amount due is not a decimal number', location: 'totals.payable' }]);
    const fingerprint = createHash('sha256').update([input.tenantId, supplier, documentType, number, issueDate, total].join('\u0000')).digest('hex');
    const owner = await this.fingerprints.record({ tenantId: input.tenantId, supplierKey: supplier, documentType, invoiceNumber: number, issueDate, total }, input.invoiceId);
    if (!owner) throw new Error('the fingerprint could not be recorded');
    return { duplicate: owner !== input.invoiceId, fingerprint, duplicate_of: owner === input.invoiceId ? null : owner };
  }
}
