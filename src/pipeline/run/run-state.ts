import type { InvoiceMediaType } from '../../invoices/entities/invoice.entity';
import type { DedupeOutput, DeliverOutput, EnrichOutput, ParseOutput, RouteOutput, ValidationOutput } from '../../stages/stage-io';

/** What a run knows so far: the document, then each stage's output as it completes. */
export interface RunState {
  tenantId: string;
  invoiceId: string;
  runId: string;
  document: Buffer;
  contentType: InvoiceMediaType;
  parse?: ParseOutput;
  validate?: ValidationOutput;
  enrich?: EnrichOutput;
  dedupe?: DedupeOutput;
  route?: RouteOutput;
  deliver?: DeliverOutput;
}
