import { UnsupportedMediaTypeError } from '../framework/errors';
import { INVOICE_MEDIA_TYPES, InvoiceMediaType } from './entities/invoice.entity';

const ALIASES: Record<string, InvoiceMediaType> = { 'text/xml': 'application/xml' };

/** Maps a Content-Type header to one of the accepted invoice media types, ignoring parameters. */
export function invoiceMediaType(contentType: string | undefined): InvoiceMediaType {
  const essence = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const mapped = ALIASES[essence] ?? essence;
  if ((INVOICE_MEDIA_TYPES as readonly string[]).includes(mapped)) return mapped as InvoiceMediaType;
  throw new UnsupportedMediaTypeError(
    `Content-Type ${essence || '(none)'} is not accepted; send ${INVOICE_MEDIA_TYPES.join(', ')} or text/xml.`,
  );
}
