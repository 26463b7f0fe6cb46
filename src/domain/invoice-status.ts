/** Where an invoice stands: received on submit, then the final status of its latest run. */
export const INVOICE_STATUSES = [
  'received',
  'processing',
  'completed',
  'completed_with_warnings',
  'failed',
  'duplicate',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
