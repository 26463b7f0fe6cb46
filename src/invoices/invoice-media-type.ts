import { UnsupportedMediaTypeError } from '../framework/errors';
import { INVOICE_MEDIA_TYPES, InvoiceMediaType } from './entities/invoice.entity';

function isInvoiceMediaType(value: string): value is InvoiceMediaType {
  return (INVOICE_MEDIA_TYPES as readonly string[]).includes(value);
}

const ALIASES: Record<string, InvoiceMediaType> = { 'text/xml': 'application/xml' };

/** Maps a Content-Type header to one of the accepted invoice media types, ignoring parameters. */
export function invoiceMediaType(contentType: string | undefined): InvoiceMediaType {
  const essence = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const mapped: string = ALIASES[essence] ?? essence;
  if (isInvoiceMediaType(mapped)) return mapped;
  throw new UnsupportedMediaTypeError(
    `Content-Type ${essence || '(none)'} is not accepted; send ${INVOICE_MEDIA_TYPES.join(', ')} or text/xml.`,
  );
}
