import type { CanonicalInvoice } from '../../domain/canonical-invoice';
import { expectShape, type StageContract } from './stage-contract';

/** enrich@1 */
export interface EnrichInput {
  invoice: CanonicalInvoice;
  tenantId: string;
}
export interface ResolvedParty {
  supplier_id: string;
  name: string;
  vat_id: string | null;
  country: string | null;
  always_review: boolean;
}
export interface EnrichOutput {
  supplier: ResolvedParty | null;
  buyer: ResolvedParty | null;
  source: 'http' | 'db';
}

/** The invoice's parties are looked up in the tenant's supplier directory. */
export const enrichContract: StageContract<EnrichInput, EnrichOutput> = {
  stageId: 'enrich',
  stateKey: 'enrich',
  capability: {
    name: 'enrich',
    guarantees: [
      { id: 'amounts_unchanged', description: 'never changes the invoice amounts' },
      { id: 'supplier_resolved', description: 'the supplier is looked up in the tenant\'s maintained directory' },
    ],
  },
  input: (s) => ({ invoice: s.parse?.invoice as CanonicalInvoice, tenantId: s.tenantId }),
  accept: (o) => expectShape(o, (v) => 'supplier' in v, 'enrichment'),
  view: (o) => o,
};
