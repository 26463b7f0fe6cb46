/**
 * Where an invoice stands: received on submit, then the final status of its latest run.
 * `awaiting_approval`: its run stopped at the approval stage for a person's decision (the later
 * stages, export among them, have not run); `rejected`: rejected, by the approval stage or by a
 * person, and never exported.
 */
export const INVOICE_STATUSES = [
  'received',
  'processing',
  'completed',
  'completed_with_warnings',
  'failed',
  'duplicate',
  'awaiting_approval',
  'rejected',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Where a run leaves an invoice: every status but the two passages (received, processing). */
export const FINAL_INVOICE_STATUSES: readonly InvoiceStatus[] = INVOICE_STATUSES.filter((s) => s !== 'received' && s !== 'processing');
