import { PageCursor } from '../framework/http/page-cursor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The invoice list's keyset position: the (received_at with microseconds, id) of the last invoice of a page. */
const INVOICE_CURSOR = new PageCursor(
  'invoices',
  (p): p is [string, string] => p.length === 2 && typeof p[0] === 'string' && TIMESTAMP.test(p[0]) && typeof p[1] === 'string' && UUID.test(p[1]),
);

export function encodeCursor(receivedAt: string, id: string): string {
  return INVOICE_CURSOR.encode([receivedAt, id]);
}

export function decodeCursor(cursor: string): { receivedAt: string; id: string } {
  const [receivedAt, id] = INVOICE_CURSOR.decode(cursor);
  return { receivedAt, id };
}
