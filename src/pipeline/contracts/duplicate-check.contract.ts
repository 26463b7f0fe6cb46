import type { CanonicalInvoice } from '../../domain/canonical-invoice';
import { expectShape, type StageContract } from './stage-contract';

/** duplicate-check@1 (the capability contract in the catalogue is named after the stage) */
export interface DuplicateCheckInput {
  invoice: CanonicalInvoice;
  tenantId: string;
  invoiceId: string;
}
export interface DuplicateCheckOutput {
  duplicate: boolean;
  fingerprint: string;
  duplicate_of: string | null;
}

/** The invoice's fingerprint is recorded; a duplicate stops the run with status duplicate. */
export const duplicateCheckContract: StageContract<DuplicateCheckInput, DuplicateCheckOutput> = {
  stageId: 'duplicate-check',
  stateKey: 'duplicateCheck',
  capability: {
    name: 'duplicate-check',
    guarantees: [{ id: 'persisted_fingerprint', description: 'same tenant, supplier, document type, number, issue date and total is a duplicate, enforced by a unique index' }],
  },
  input: (s) => ({ invoice: s.parse?.invoice as CanonicalInvoice, tenantId: s.tenantId, invoiceId: s.invoiceId }),
  accept: (o) => expectShape(o, (v) => typeof v.duplicate === 'boolean', 'duplicate verdict'),
  view: (o) => o,
  stop: (o) => (o.duplicate ? 'duplicate' : null),
};
