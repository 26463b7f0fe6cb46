/**
 * Worker thread entry of the renderings (run by the WorkerPool, never imported by the main
 * thread): an invoice's size is the sender's choice, so drawing it runs where a deadline can stop it.
 */
import { invoiceHtml, reportHtml } from './invoice-html';
import { invoicePdf, reportPdf } from './invoice-pdf';
import { invoiceView, reportView, type InvoiceFacts } from './invoice-view';

export interface RenderTaskInput {
  facts: InvoiceFacts;
  /** The invoice with its report, or the report alone. */
  what: 'invoice' | 'report';
}

export function html({ facts, what }: RenderTaskInput): string {
  const view = invoiceView(facts);
  return what === 'invoice' ? invoiceHtml(view) : reportHtml(`Validation report: ${view.title}`, reportView(facts.validation));
}

export function pdf({ facts, what }: RenderTaskInput): Promise<Uint8Array> {
  const view = invoiceView(facts);
  return what === 'invoice' ? invoicePdf(view) : reportPdf(`Validation report: ${view.title}`, reportView(facts.validation));
}
