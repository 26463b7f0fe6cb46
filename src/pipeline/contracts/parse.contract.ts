import { type CanonicalInvoice, invoiceTotal, supplierKey } from '../../domain/canonical-invoice';
import type { InvoiceMediaType } from '../../domain/media-type';
import { expectShape, type StageContract } from './stage-contract';

/**
 * What the validate stage needs from the parse stage: the XML that was parsed (for a Factur-X
 * PDF, the XML embedded in it) and where it came from. Validation reads it again in a worker
 * thread: the element tree cannot cross threads cheaper than it is rebuilt (structured cloning it
 * costs about as much as reading the bytes, and it would cross twice), and bytes are compact.
 */
export interface XmlSource {
  xml: Uint8Array;
  container: 'xml' | 'pdf';
}

/** parse@1 */
export interface ParseInput {
  document: Buffer;
  contentType: InvoiceMediaType;
}
export interface ParseOutput {
  invoice: CanonicalInvoice;
  /** The XML that was parsed, when the source was XML (EN 16931 syntax rules read it again in a worker). */
  parsed?: XmlSource;
  warnings: string[];
}

/** The document becomes a canonical invoice; its number, date and supplier fill the invoice row, a partial extraction asks for review. */
export const parseContract: StageContract<ParseInput, ParseOutput> = {
  stageId: 'parse',
  stateKey: 'parse',
  capability: {
    name: 'parse',
    guarantees: [
      { id: 'complete_model', description: 'every EN 16931 business term the document carries is in the canonical invoice' },
      { id: 'strict_syntax', description: 'the document is well-formed and its datatypes were checked; a malformed one is rejected' },
    ],
  },
  input: (s) => ({ document: s.document, contentType: s.contentType }),
  accept: (o) => expectShape(o, (v) => typeof v.invoice === 'object' && v.invoice !== null, 'canonical invoice'),
  view: (o) => ({ invoice: o.invoice, warnings: o.warnings ?? [] }),
  review: (o) => Boolean(o.invoice.partial),
  project: ({ invoice }) => ({
    invoice_number: invoice.number ?? null,
    issue_date: invoice.issue_date ?? null,
    supplier_key: supplierKey(invoice),
    supplier_name: invoice.seller.name ?? null,
    total_amount: invoiceTotal(invoice) ?? null,
    currency: invoice.currency ?? null,
  }),
};
