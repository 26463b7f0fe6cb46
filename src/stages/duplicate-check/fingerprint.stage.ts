import { createHash } from 'node:crypto';
import { isDecimalText, isIsoDate } from '../../einvoice';
import { InputFault } from '../../pipeline/catalogue/stage-fault';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { invoiceTotal, supplierKey } from '../../domain/canonical-invoice';
import type { DuplicateCheckInput, DuplicateCheckOutput } from '../../pipeline/contracts';
import { FingerprintRepository } from './fingerprint.repository';

/**
 * Same tenant, supplier, document type (invoice or credit note), number, issue date and total →
 * duplicate. The insert into
 * invoice_fingerprints decides under its unique constraint (no read-then-write race); the
 * invoice that owns the row is the original, so a reprocess of it is not its own duplicate.
 * In a dry run (shadow runs) it reads the owner and writes nothing. When the run allows a
 * provisional answer (context.finish.confirm: nothing after this stage acts outside the run's
 * finishing statement), the insert is a step of that statement instead of a statement of its own
 * and the answer is "not a duplicate" provisionally: the finish records the run only if the
 * invoice owns the fingerprint; otherwise the pipeline runs it again from this stage, this module recording
 * the fingerprint directly, which then answers "duplicate".
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

  async execute(input: DuplicateCheckInput, context?: StageCallContext): Promise<DuplicateCheckOutput> {
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
    const key = { tenantId: input.tenantId, supplierKey: supplier, documentType, invoiceNumber: number, issueDate, total };
    // A provisional answer, confirmed by the run's finishing statement (one round trip less).
    if (!context?.dryRun && context?.finish?.confirm) {
      context.finish.confirm(this.fingerprints.recordStep(key, input.invoiceId));
      return { duplicate: false, fingerprint, duplicate_of: null };
    }
    // A dry run (shadow run, see the contract) only reads: an unrecorded fingerprint would be this invoice's.
    const owner = context?.dryRun ? ((await this.fingerprints.owner(key)) ?? input.invoiceId) : await this.fingerprints.record(key, input.invoiceId);
    if (!owner) throw new Error('the fingerprint could not be recorded');
    return { duplicate: owner !== input.invoiceId, fingerprint, duplicate_of: owner === input.invoiceId ? null : owner };
  }
}
