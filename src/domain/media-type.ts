/** The document kinds the service accepts: UBL/CII XML, Factur-X PDF, canonical JSON. */
export const INVOICE_MEDIA_TYPES = ['application/xml', 'application/pdf', 'application/json'] as const;
export type InvoiceMediaType = (typeof INVOICE_MEDIA_TYPES)[number];
